/// The NTP part of a configuration, read from the YANG tree into plain values: what
/// validation rules check and what the engine is driven from. The only place that knows
/// the YANG node names is `NTPConfiguration+YANG.swift`.
public struct NTPConfiguration: Sendable, Equatable {
    public struct Server: Sendable, Equatable {
        public enum AssociationType: String, Sendable { case server, peer, pool }
        public var name: String
        public var address: String
        public var port: UInt16 = 123
        public var associationType: AssociationType = .server
        public var iburst = false
        public var prefer = false
        public var version: UInt8 = 4
        public var keyID: UInt16?
        public var sourceInterface: String?
        public var vpnInstance: String?
        public var minpoll: Int8 = 6
        public var maxpoll: Int8 = 10
        public var burst = false
        public var preempt = false
        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    public struct Key: Sendable, Equatable {
        public enum Algorithm: String, Sendable { case md5, sha1, hmacSHA256 = "hmac-sha256", aesCMAC = "aes-cmac" }
        public var id: UInt16
        public var algorithm: Algorithm
        public var secret: [UInt8]
        public var trusted: Bool
    }

    /// meridian-ntp `clock-step`: when the engine may step its clock.
    public struct ClockStep: Sendable, Equatable {
        /// Seconds beyond which an offset is stepped.
        public var threshold = 0.128
        /// Clock updates after start during which steps are allowed.
        public var limit = 3
        /// Seconds beyond which an offset is refused.
        public var panicThreshold = 1000.0
        public init() {}
    }

    public struct AccessRule: Sendable, Equatable {
        public enum Mode: String, Sendable { case peer, server, synchronization, query }
        public var mode: Mode
        public var prefixes: [String]
    }

    public struct Interface: Sendable, Equatable {
        public struct Group: Sendable, Equatable {
            public var group: String
            public var ttl: UInt8 = 16
            public var keyID: UInt16?
            public var version: UInt8 = 4
        }
        public var name: String
        public var enabled = true
        public var ipv4: [String] = []
        public var ipv6: [String] = []
        /// Prefix length of each IPv4 address (ietf-ip prefix-length or netmask).
        public var ipv4PrefixLengths: [String: UInt8] = [:]
        public var ntpEnabled = true
        public var broadcastServer: Group?
        public var broadcastClient = false
        public var multicastServers: [Group] = []
        public var multicastClients: [String] = []
        public init(name: String) { self.name = name }
    }

    /// `/system/ntp` present with `enabled` true.
    public var enabled = false
    public var port: UInt16 = 123
    public var refclockMasterStratum: UInt8?
    public var serverEnabled = true
    public var listenInterfaces: [String] = []
    public var sourceInterface: String?
    public var ipv6SourceInterface: String?
    public var unsyncMaxPoll: (poll: Int8, decrement: UInt8)? {
        get { unsyncPoll.map { ($0, unsyncDecrement) } }
        set { unsyncPoll = newValue?.poll; unsyncDecrement = newValue?.decrement ?? 0 }
    }
    var unsyncPoll: Int8?
    var unsyncDecrement: UInt8 = 0
    public var authenticationEnabled = false
    public var keys: [Key] = []
    public var accessRules: [AccessRule] = []
    public var maxDynamicAssociations = 64
    public var clockStep = ClockStep()
    /// meridian-ntp rate-limit: (average seconds between requests, burst); nil = no limit.
    public var rateLimit: (averageInterval: Int, burst: Int)? {
        get { rateLimitInterval.map { ($0, rateLimitBurst) } }
        set { rateLimitInterval = newValue?.averageInterval; rateLimitBurst = newValue?.burst ?? 0 }
    }
    var rateLimitInterval: Int?
    var rateLimitBurst = 0
    public var servers: [Server] = []
    public var interfaces: [Interface] = []
    public var hostname: String?

    public init() {}

    public func interface(named name: String) -> Interface? { interfaces.first { $0.name == name } }
    public func key(_ id: UInt16) -> Key? { keys.first { $0.id == id } }
}
