public import NTPCore

/// Everything the engine does, as one value: #5 builds it from the running
/// datastore and hands it to ``NTPEngine/prepare(_:)``. Two equal
/// configurations produce the same engine state; applying a configuration
/// keeps every association whose ``AssociationSettings`` did not change.
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
    /// Require a trusted key's MAC on server replies and peer packets used
    /// for synchronization whenever an association names a key.
    public var accessRules: AccessRules
    /// `nil` disables per-client rate limiting.
    public var rateLimit: RateLimitPolicy?
    /// The most symmetric-passive associations created on receipt.
    public var maximumDynamicAssociations: Int

    public init(
        port: UInt16 = 123,
        serverEnabled: Bool = true,
        listenAddresses: [IPAddress] = [],
        refclockMasterStratum: UInt8? = nil,
        associations: [AssociationSettings] = [],
        keys: [SymmetricKey] = [],
        accessRules: AccessRules = AccessRules(),
        rateLimit: RateLimitPolicy? = RateLimitPolicy(),
        maximumDynamicAssociations: Int = 16
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
    }

    /// A configuration that runs nothing and binds no socket.
    public static let stopped = EngineConfiguration(serverEnabled: false)
}
