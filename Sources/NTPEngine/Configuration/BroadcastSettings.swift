/// One broadcast or multicast sender (the vendor guides' `ntp-service
/// broadcast-server` / `multicast-server` on an interface): mode-5 packets
/// from `source` to `destination` every 2^`pollExponent` s while this host
/// has time to give.
public struct BroadcastServerSettings: Hashable, Sendable {
    /// Identifies the sender across configurations (interface and target).
    public var name: String
    /// The interface address packets are sent from (and, for multicast, the
    /// interface that carries them).
    public var source: IPAddress
    /// The interface's IPv4 broadcast address, or a multicast group.
    public var destination: IPAddress
    /// Multicast time to live (hop limit for IPv6); ignored for broadcast.
    public var ttl: UInt8
    public var version: UInt8
    public var keyID: UInt32?
    public var pollExponent: Int8
    /// Deliver our own multicasts to local members too (labs on one host).
    public var multicastLoop: Bool

    public init(
        name: String, source: IPAddress, destination: IPAddress, ttl: UInt8 = 16, version: UInt8 = 4,
        keyID: UInt32? = nil, pollExponent: Int8 = 6, multicastLoop: Bool = false
    ) {
        self.name = name
        self.source = source
        self.destination = destination
        self.ttl = ttl
        self.version = version
        self.keyID = keyID
        self.pollExponent = pollExponent
        self.multicastLoop = multicastLoop
    }

    public var isMulticast: Bool { destination.isMulticast }
}

/// One broadcast or multicast listener (`broadcast-client`, or
/// `multicast-client` for one group, on an interface): a socket on the
/// broadcast address or group receives mode-5 packets; the first from a
/// server creates a dynamic broadcast-client association, which calibrates
/// its delay with client requests sent from `source`.
public struct BroadcastClientSettings: Hashable, Sendable {
    public var name: String
    /// The interface's broadcast address, or the multicast group to join.
    public var listen: IPAddress
    /// The interface's own address: calibration requests leave from it and
    /// the group is joined on the interface that has it.
    public var source: IPAddress

    public init(name: String, listen: IPAddress, source: IPAddress) {
        self.name = name
        self.listen = listen
        self.source = source
    }

    public var isMulticast: Bool { listen.isMulticast }
}
