/// Everything the sanity checks look at for one received packet.
public struct PacketCheckInput: Sendable {
    public var packet: NTPPacket
    /// The association's remembered timestamps before this packet.
    public var onWire: OnWireState
    /// True for broadcast-client associations, which skip the origin checks.
    public var isBroadcast: Bool
    /// The key the association requires, or `nil` for none.
    public var requiredKeyID: UInt32?
    public var authentication: AuthenticationStatus
    /// Test 7's limit on the server's root distance, in seconds.
    public var maximumRootDistance: Double

    public init(
        packet: NTPPacket,
        onWire: OnWireState,
        isBroadcast: Bool = false,
        requiredKeyID: UInt32? = nil,
        authentication: AuthenticationStatus = .none,
        maximumRootDistance: Double = ProtocolConstants.maximumDispersion
    ) {
        self.packet = packet
        self.onWire = onWire
        self.isBroadcast = isBroadcast
        self.requiredKeyID = requiredKeyID
        self.authentication = authentication
        self.maximumRootDistance = maximumRootDistance
    }
}
