/// Whether a mode-5 packet from a server with no association mobilizes a
/// dynamic broadcast-client association (RFC 5905 §9.1; ntpd's `receive()`
/// for AM_NEWBCL). A pure decision: the engine counts every refusal.
public enum BroadcastAdmission {
    public enum Decision: Hashable, Sendable {
        /// Create the association; it requires `keyID` on every later packet.
        case mobilize(keyID: UInt32?)
        case refuse(Refusal)
    }

    public enum Refusal: Hashable, Sendable {
        /// The MAC was wrong, or named an unknown or untrusted key.
        case authenticationFailed
        /// Authentication is on and the packet carried no MAC.
        case authenticationRequired
        /// Leap 3, stratum 0 or 16, a zero transmit time or an excessive
        /// root distance: nothing worth following.
        case unsynchronizedServer
        /// The dynamic-association table is full.
        case tableFull
    }

    public struct Input: Sendable {
        public var packet: NTPPacket
        public var authentication: AuthenticationStatus
        /// Authentication is enabled: only packets verified with a trusted
        /// key are followed.
        public var requireAuthentication: Bool
        public var dynamicAssociations: Int
        public var maximumDynamicAssociations: Int

        public init(
            packet: NTPPacket, authentication: AuthenticationStatus, requireAuthentication: Bool,
            dynamicAssociations: Int, maximumDynamicAssociations: Int
        ) {
            self.packet = packet
            self.authentication = authentication
            self.requireAuthentication = requireAuthentication
            self.dynamicAssociations = dynamicAssociations
            self.maximumDynamicAssociations = maximumDynamicAssociations
        }
    }

    public static func decide(_ input: Input) -> Decision {
        let packet = input.packet
        guard packet.mode == .broadcast else { return .refuse(.unsynchronizedServer) }
        var keyID: UInt32?
        switch input.authentication {
        case .failed: return .refuse(.authenticationFailed)
        case .none where input.requireAuthentication: return .refuse(.authenticationRequired)
        case .none: keyID = nil
        case .verified(let verified): keyID = verified
        }
        if PacketChecks.test3Unsynchronized(packet, isBroadcast: true) || PacketChecks.test6UnsynchronizedServer(packet)
            || PacketChecks.test7HeaderValues(packet, maximumRootDistance: ProtocolConstants.maximumDispersion) {
            return .refuse(.unsynchronizedServer)
        }
        guard input.dynamicAssociations < input.maximumDynamicAssociations else { return .refuse(.tableFull) }
        return .mobilize(keyID: keyID)
    }
}
