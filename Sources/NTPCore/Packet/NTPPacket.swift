/// An NTP packet (RFC 5905 §7.3) as plain fields: the 48-byte header, any
/// NTPv4 extension fields (RFC 7822) and an optional authenticator.
///
/// Decode with ``parse(_:)`` and encode with ``serialize()``; both work field
/// by field and never reinterpret memory.
public struct NTPPacket: Hashable, Sendable {
    public var leap: LeapIndicator
    /// Protocol version, 1 to 4.
    public var version: UInt8
    public var mode: NTPMode
    public var stratum: UInt8
    /// Log2 of the poll interval in seconds.
    public var poll: Int8
    /// Log2 of the sender's clock precision in seconds.
    public var precision: Int8
    public var rootDelay: NTPShortFormat
    public var rootDispersion: NTPShortFormat
    public var referenceID: ReferenceID
    public var referenceTimestamp: NTPTimestamp
    public var originTimestamp: NTPTimestamp
    public var receiveTimestamp: NTPTimestamp
    public var transmitTimestamp: NTPTimestamp
    public var extensionFields: [NTPExtensionField]
    public var authenticator: PacketAuthenticator?

    /// Length of the fixed header.
    public static let headerLength = 48
    /// Longest datagram the parser accepts.
    public static let maximumLength = 2048
    /// The versions this codec understands.
    public static let supportedVersions: ClosedRange<UInt8> = 1...4

    public init(
        leap: LeapIndicator = .noWarning,
        version: UInt8 = 4,
        mode: NTPMode,
        stratum: UInt8 = 0,
        poll: Int8 = 0,
        precision: Int8 = 0,
        rootDelay: NTPShortFormat = .zero,
        rootDispersion: NTPShortFormat = .zero,
        referenceID: ReferenceID = .zero,
        referenceTimestamp: NTPTimestamp = .zero,
        originTimestamp: NTPTimestamp = .zero,
        receiveTimestamp: NTPTimestamp = .zero,
        transmitTimestamp: NTPTimestamp = .zero,
        extensionFields: [NTPExtensionField] = [],
        authenticator: PacketAuthenticator? = nil
    ) {
        self.leap = leap
        self.version = version
        self.mode = mode
        self.stratum = stratum
        self.poll = poll
        self.precision = precision
        self.rootDelay = rootDelay
        self.rootDispersion = rootDispersion
        self.referenceID = referenceID
        self.referenceTimestamp = referenceTimestamp
        self.originTimestamp = originTimestamp
        self.receiveTimestamp = receiveTimestamp
        self.transmitTimestamp = transmitTimestamp
        self.extensionFields = extensionFields
        self.authenticator = authenticator
    }

    /// A stratum-0 packet carries a kiss code in its reference identifier.
    public var kissCode: KissCode? {
        stratum == 0 ? KissCode(referenceID) : nil
    }

    /// The number of leading bytes a MAC covers: header and extension fields.
    public var authenticatedLength: Int {
        extensionFields.reduce(NTPPacket.headerLength) { $0 + $1.length }
    }
}
