public import NTPCore

/// Everything the engine does, as one value: the commit (NTPService's
/// `EngineApplier`) builds it from the validated `NTPConfiguration` and hands it
/// to ``NTPEngine/prepare(_:)``. Two equal configurations produce the same
/// engine state; what changes between two is ``ReconcilePlanner``'s steps, so
/// an association whose settings and socket stay the same keeps its state.
public struct EngineConfiguration: Hashable, Sendable {
    /// The local UDP port every socket binds (123 by default).
    public var port: UInt16
    /// Answer client requests and symmetric-active peers that have no
    /// association. Off: only configured associations run.
    public var serverEnabled: Bool
    /// Addresses that answer requests; empty means the IPv4 wildcard.
    public var listenAddresses: [IPAddress]
    /// Serve the local clock at this stratum when nothing better
    /// synchronizes it (the vendor guides' `refclock-master N`).
    public var refclockMasterStratum: UInt8?
    /// Static associations (servers and symmetric-active peers).
    public var associations: [AssociationSettings]
    /// Symmetric keys for MACs.
    public var keys: [SymmetricKey]
    /// Who may do what, by source prefix.
    public var accessRules: AccessRules
    /// `nil` disables per-client rate limiting.
    public var rateLimit: RateLimitPolicy?
    /// The most dynamic associations (symmetric-passive and broadcast
    /// clients) created on receipt.
    public var maximumDynamicAssociations: Int
    /// Mode-5 senders (broadcast and multicast servers).
    public var broadcastServers: [BroadcastServerSettings]
    /// Broadcast addresses and multicast groups listened to.
    public var broadcastClients: [BroadcastClientSettings]
    /// Authentication is enabled: no packet without a trusted key's MAC is
    /// used for synchronization, by any association (configured ones without
    /// a key included), and only such a packet creates an ephemeral
    /// association. Client requests are still answered.
    public var authenticationRequired: Bool
    /// When the clock may be stepped; `nil` keeps the engine options'
    /// discipline parameters.
    public var clockStep: ClockStepSettings?
    /// meridian-ntp `unsync-max-poll`: how servers and peers poll while the
    /// clock is unsynchronized; `nil` polls by RFC 5905 alone.
    public var unsynchronizedPollLimit: UnsynchronizedPollLimit?
    /// Addresses of interfaces with NTP disabled: packets sent to them are
    /// dropped, even on a wildcard socket.
    public var disabledAddresses: [IPAddress]

    public init(
        port: UInt16 = 123,
        serverEnabled: Bool = true,
        listenAddresses: [IPAddress] = [],
        refclockMasterStratum: UInt8? = nil,
        associations: [AssociationSettings] = [],
        keys: [SymmetricKey] = [],
        accessRules: AccessRules = AccessRules(),
        rateLimit: RateLimitPolicy? = RateLimitPolicy(),
        maximumDynamicAssociations: Int = 16,
        broadcastServers: [BroadcastServerSettings] = [],
        broadcastClients: [BroadcastClientSettings] = [],
        authenticationRequired: Bool = false,
        clockStep: ClockStepSettings? = nil,
        disabledAddresses: [IPAddress] = [],
        unsynchronizedPollLimit: UnsynchronizedPollLimit? = nil
    ) {
        self.port = port
        self.serverEnabled = serverEnabled
        self.listenAddresses = listenAddresses
        self.refclockMasterStratum = refclockMasterStratum
        self.associations = associations
        self.keys = keys
        self.accessRules = accessRules
        self.rateLimit = rateLimit
        self.maximumDynamicAssociations = maximumDynamicAssociations
        self.broadcastServers = broadcastServers
        self.broadcastClients = broadcastClients
        self.authenticationRequired = authenticationRequired
        self.clockStep = clockStep
        self.disabledAddresses = disabledAddresses
        self.unsynchronizedPollLimit = unsynchronizedPollLimit
    }

    /// A configuration that runs nothing and binds no socket.
    public static let stopped = EngineConfiguration(serverEnabled: false)
}
