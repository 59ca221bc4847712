/// What a socket does beyond sending and receiving unicast: send broadcasts,
/// send multicasts out of one interface, receive groups joined on an
/// interface. Part of the socket plan, so a change re-opens the socket in
/// prepare and apply cannot fail.
public struct SocketOptions: Hashable, Sendable {
    /// A multicast group joined on the interface that has `interface`.
    public struct Membership: Hashable, Sendable {
        public var group: IPAddress
        public var interface: IPAddress
    }

    /// `SO_BROADCAST`.
    public var broadcast = false
    /// Send multicasts out of the interface that has this address
    /// (`IP_MULTICAST_IF` / `IPV6_MULTICAST_IF`), with this TTL or hop limit.
    public var multicastInterface: IPAddress?
    public var multicastTTL: UInt8 = 1
    public var multicastLoop = false
    public var memberships: Set<Membership> = []

    public init() {}

    public var isEmpty: Bool { self == SocketOptions() }
}
