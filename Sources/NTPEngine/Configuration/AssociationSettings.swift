public import NTPCore

/// One configured association: a server (client mode) or a symmetric-active
/// peer. `name` identifies it across configurations (the YANG list key).
public struct AssociationSettings: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// We send mode 3 and synchronize to the server's replies.
        case server
        /// We send mode 1; the peer may synchronize to us and we to it.
        case peer
    }

    public var name: String
    public var kind: Kind
    /// A numeric address or a host name (resolved off the engine thread).
    public var host: String
    public var port: UInt16
    public var version: UInt8
    public var keyID: UInt32?
    public var minimumPollExponent: Int8
    public var maximumPollExponent: Int8
    public var burst: Bool
    public var initialBurst: Bool
    /// Packets per burst and their spacing.
    public var burstPolicy: BurstPolicy
    public var prefer: Bool
    /// The engine may drop the association while it is not selected and
    /// enough better sources survive (``PreemptionPolicy``).
    public var preempt: Bool
    /// Send from this address; `nil` lets the engine pick (a listening
    /// address of the same family, else the wildcard).
    public var sourceAddress: IPAddress?
    /// Linux VRF (or any) device to bind to with `SO_BINDTODEVICE`.
    public var device: String?

    public init(
        name: String,
        kind: Kind = .server,
        host: String,
        port: UInt16 = 123,
        version: UInt8 = 4,
        keyID: UInt32? = nil,
        minimumPollExponent: Int8 = 6,
        maximumPollExponent: Int8 = 10,
        burst: Bool = false,
        initialBurst: Bool = false,
        burstPolicy: BurstPolicy = AssociationSettings.defaultBurstPolicy,
        prefer: Bool = false,
        preempt: Bool = false,
        sourceAddress: IPAddress? = nil,
        device: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.host = host
        self.port = port
        self.version = version
        self.keyID = keyID
        self.minimumPollExponent = minimumPollExponent
        self.maximumPollExponent = max(maximumPollExponent, minimumPollExponent)
        self.burst = burst
        self.initialBurst = initialBurst
        self.burstPolicy = burstPolicy
        self.prefer = prefer
        self.preempt = preempt
        self.sourceAddress = sourceAddress
        self.device = device
    }

    /// Four packets half a second apart: the first estimate arrives about
    /// 1.5 s after start (chrony's iburst sends four, 2 s apart).
    public static let defaultBurstPolicy = BurstPolicy(packetCount: 4, spacing: .milliseconds(500))

    /// The numeric address, when `host` is one.
    public var numericAddress: IPAddress? { IPAddress(host) }

    /// The NTPCore configuration of this association.
    var machineConfiguration: AssociationConfiguration {
        AssociationConfiguration(
            mode: kind == .server ? .client : .symmetricActive,
            version: version,
            minimumPollExponent: minimumPollExponent,
            maximumPollExponent: maximumPollExponent,
            burst: burst,
            initialBurst: initialBurst,
            burstPolicy: burstPolicy,
            keyID: keyID,
            prefer: prefer
        )
    }
}
