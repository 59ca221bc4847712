/// Everything the sanity checks look at for one received packet.
public struct PacketCheckInput: Sendable {
    public var packet: NTPPacket
    /// The association's remembered timestamps before this packet.
    public var onWire: OnWireState
    /// True for broadcast-client associations, which skip the origin checks.
    public var isBroadcast: Bool
    /// The key the association requires, or `nil` for none.
    public var requiredKeyID: UInt32?
    /// Authentication is enabled: a packet without a trusted key's MAC is
    /// never used, even by an association that names no key.
    public var requireAuthentication: Bool
    public var authentication: AuthenticationStatus
    /// Test 7's limit on the server's root distance, in seconds.
    public var maximumRootDistance: Double

    public init(
        packet: NTPPacket,
        onWire: OnWireState,
        isBroadcast: Bool = false,
        requiredKeyID: UInt32? = nil,
        requireAuthentication: Bool = false,
        authentication: AuthenticationStatus = .none,
        maximumRootDistance: Double = ProtocolConstants.maximumDispersion
    ) {
        self.packet = packet
        self.onWire = onWire
        self.isBroadcast = isBroadcast
        self.requiredKeyID = requiredKeyID
        self.requireAuthentication = requireAuthentication
        self.authentication = authentication
        self.maximumRootDistance = maximumRootDistance
    }
}
