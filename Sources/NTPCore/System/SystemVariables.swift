/// What this host says about its own clock in every packet it sends: the
/// RFC 5905 system variables (§11.1) that go on the wire.
public struct SystemVariables: Hashable, Sendable {
    public var leap: LeapIndicator
    /// 1 to 15 when synchronized, 16 when not.
    public var stratum: UInt8
    /// Log2 of the local clock's precision in seconds.
    public var precision: Int8
    /// Total round-trip delay to the primary reference, in seconds.
    public var rootDelay: Double
    /// Total dispersion to the primary reference, in seconds.
    public var rootDispersion: Double
    public var referenceID: ReferenceID
    /// When the local clock was last set or corrected.
    public var referenceTime: NTPTimestamp
    /// The system poll exponent the discipline asks associations to use.
    public var pollExponent: Int8

    public init(
        leap: LeapIndicator,
        stratum: UInt8,
        precision: Int8,
        rootDelay: Double = 0,
        rootDispersion: Double = 0,
        referenceID: ReferenceID = .zero,
        referenceTime: NTPTimestamp = .zero,
        pollExponent: Int8 = 6
    ) {
        self.leap = leap
        self.stratum = stratum
        self.precision = precision
        self.rootDelay = rootDelay
        self.rootDispersion = rootDispersion
        self.referenceID = referenceID
        self.referenceTime = referenceTime
        self.pollExponent = pollExponent
    }

    /// A clock that has never been synchronized (leap 3, stratum 16,
    /// reference ID "INIT").
    public static func unsynchronized(precision: Int8) -> SystemVariables {
        SystemVariables(
            leap: .unsynchronized,
            stratum: ProtocolConstants.unsynchronizedStratum,
            precision: precision,
            referenceID: ReferenceID(ascii: "INIT")
        )
    }

    /// Whether this host has time worth serving.
    public var isSynchronized: Bool {
        leap != .unsynchronized && stratum < ProtocolConstants.unsynchronizedStratum
    }

    /// The system precision in seconds.
    public var precisionSeconds: Double { ProtocolConstants.seconds(log2: precision) }
}
