/// The configured parameters of one association.
public struct AssociationConfiguration: Hashable, Sendable {
    public var mode: AssociationMode
    /// Version sent in our packets (1 to 4).
    public var version: UInt8
    public var minimumPollExponent: Int8
    public var maximumPollExponent: Int8
    /// Send a burst at each poll while the source is reachable.
    public var burst: Bool
    /// Send a burst when the source is unreachable (at start-up).
    public var initialBurst: Bool
    public var burstPolicy: BurstPolicy
    /// The symmetric key replies must be authenticated with, if any. The
    /// engine signs outgoing packets with it.
    public var keyID: UInt32?
    /// Authentication is enabled: packets without a trusted key's MAC are
    /// never used, even when ``keyID`` is `nil`.
    public var requireAuthentication: Bool
    /// Prefer this source in selection.
    public var prefer: Bool
    /// Round-trip delay assumed for broadcast packets, in seconds, until
    /// (or when no reply to) the calibration volley measures it.
    public var broadcastDelay: Double
    /// Client requests a broadcast client sends to the server to calibrate
    /// the delay before it listens (0: use `broadcastDelay` as it is). They
    /// are spaced by `burstPolicy.spacing`.
    public var calibrationRequests: Int
    /// Test 7's limit on a server's root distance, in seconds.
    public var maximumRootDistance: Double
    /// Polls without reply before the poll interval starts to back off.
    public var unreachThreshold: Int
    /// meridian-ntp `unsync-max-poll`: how polling changes while the system
    /// clock is unsynchronized; `nil` polls by RFC 5905 alone.
    public var unsynchronizedPollLimit: UnsynchronizedPollLimit?

    public init(
        mode: AssociationMode,
        version: UInt8 = 4,
        minimumPollExponent: Int8 = 6,
        maximumPollExponent: Int8 = 10,
        burst: Bool = false,
        initialBurst: Bool = false,
        burstPolicy: BurstPolicy = BurstPolicy(),
        keyID: UInt32? = nil,
        requireAuthentication: Bool = false,
        prefer: Bool = false,
        broadcastDelay: Double = 0.004,
        calibrationRequests: Int = 4,
        maximumRootDistance: Double = ProtocolConstants.maximumDispersion,
        unreachThreshold: Int = ProtocolConstants.unreachThreshold,
        unsynchronizedPollLimit: UnsynchronizedPollLimit? = nil
    ) {
        self.mode = mode
        self.version = version
        self.minimumPollExponent = minimumPollExponent
        self.maximumPollExponent = max(maximumPollExponent, minimumPollExponent)
        self.burst = burst
        self.initialBurst = initialBurst
        self.burstPolicy = burstPolicy
        self.keyID = keyID
        self.requireAuthentication = requireAuthentication
        self.prefer = prefer
        self.broadcastDelay = broadcastDelay
        self.calibrationRequests = max(calibrationRequests, 0)
        self.maximumRootDistance = maximumRootDistance
        self.unreachThreshold = unreachThreshold
        self.unsynchronizedPollLimit = unsynchronizedPollLimit
    }

    /// Clamps a poll exponent to this association's range.
    func clampPoll(_ exponent: Int8) -> Int8 {
        min(max(exponent, minimumPollExponent), maximumPollExponent)
    }
}

/// How many packets a burst sends and how far apart. The defaults follow
/// common practice (six packets, two seconds apart); a lab can shorten the
/// spacing for fast convergence.
public struct BurstPolicy: Hashable, Sendable {
    public var packetCount: Int
    public var spacing: Duration

    public init(packetCount: Int = 6, spacing: Duration = .seconds(2)) {
        self.packetCount = max(packetCount, 1)
        self.spacing = spacing
    }
}
