/// Whether a packet from a source with no association creates an ephemeral
/// one: a symmetric-passive association for a mode-1 packet, a broadcast
/// client for a mode-5 packet (RFC 5905 §9.1, ntpd's `receive()` for
/// AM_NEWPASS and AM_NEWBCL). The engine counts every refusal.
///
/// Holds the per-source mobilization limit, a token bucket per address in a
/// bounded table (``ClientRateLimiter``); every other input is a fact the
/// engine looks up in constant time, so a refusal costs no scan.
public struct EphemeralAdmission<Address: Hashable & Sendable>: Sendable {
    public enum Decision: Hashable, Sendable {
        /// Create the association; it requires `keyID` on every later packet.
        case mobilize(keyID: UInt32?)
        case refuse(Refusal)
    }

    public enum Refusal: Hashable, Sendable {
        /// Access rules do not grant the source `peer`.
        case accessDenied
        /// The MAC was wrong, or named an unknown or untrusted key.
        case authenticationFailed
        /// Authentication is enabled and the packet carried no MAC.
        case authenticationRequired
        /// A broadcast with leap 3, stratum 0 or 16, a zero transmit time
        /// or an excessive root distance: nothing worth following.
        case unsynchronizedServer
        /// The source address is configured as a server or peer: it is
        /// never a second candidate.
        case configuredSource
        /// The source address already has an ephemeral association (from
        /// another port, or of another kind): one address is one source.
        case sourceHasAssociation
        /// The ephemeral-association table is full.
        case tableFull
        /// The source mobilized too many associations recently.
        case rateLimited
    }

    public struct Request: Sendable {
        public var packet: NTPPacket
        public var source: Address
        public var authentication: AuthenticationStatus
        /// Authentication is enabled: only packets verified with a trusted
        /// key mobilize.
        public var requireAuthentication: Bool
        /// Access rules grant the source `peer`.
        public var peerAccess: Bool
        public var sourceIsConfigured: Bool
        public var sourceHasAssociation: Bool
        public var ephemeralAssociations: Int
        public var maximumEphemeralAssociations: Int

        public init(
            packet: NTPPacket, source: Address, authentication: AuthenticationStatus, requireAuthentication: Bool,
            peerAccess: Bool = true, sourceIsConfigured: Bool = false, sourceHasAssociation: Bool = false,
            ephemeralAssociations: Int, maximumEphemeralAssociations: Int
        ) {
            self.packet = packet
            self.source = source
            self.authentication = authentication
            self.requireAuthentication = requireAuthentication
            self.peerAccess = peerAccess
            self.sourceIsConfigured = sourceIsConfigured
            self.sourceHasAssociation = sourceHasAssociation
            self.ephemeralAssociations = ephemeralAssociations
            self.maximumEphemeralAssociations = maximumEphemeralAssociations
        }
    }

    public let policy: EphemeralPolicy
    private var limiter: ClientRateLimiter<Address>

    public init(policy: EphemeralPolicy = EphemeralPolicy()) {
        self.policy = policy
        self.limiter = ClientRateLimiter(policy: policy.rateLimit)
    }

    /// Decides on `request` arriving at `now`. Only a request that passes
    /// every other test is charged to its source's rate limit.
    public mutating func decide(_ request: Request, at now: MonotonicInstant) -> Decision {
        let packet = request.packet
        guard packet.mode == .symmetricActive || packet.mode == .broadcast else { return .refuse(.unsynchronizedServer) }
        guard request.peerAccess else { return .refuse(.accessDenied) }
        var keyID: UInt32?
        switch request.authentication {
        case .failed: return .refuse(.authenticationFailed)
        case .none where request.requireAuthentication: return .refuse(.authenticationRequired)
        case .none: keyID = nil
        case .verified(let verified): keyID = verified
        }
        if packet.mode == .broadcast, Self.isUnfitBroadcast(packet) { return .refuse(.unsynchronizedServer) }
        if request.sourceIsConfigured { return .refuse(.configuredSource) }
        if request.sourceHasAssociation { return .refuse(.sourceHasAssociation) }
        guard request.ephemeralAssociations < request.maximumEphemeralAssociations else { return .refuse(.tableFull) }
        guard limiter.admit(request.source, at: now) == .allow else { return .refuse(.rateLimited) }
        return .mobilize(keyID: keyID)
    }

    /// A broadcast no client should follow (tests 3, 6 and 7).
    static func isUnfitBroadcast(_ packet: NTPPacket) -> Bool {
        PacketChecks.test3Unsynchronized(packet, isBroadcast: true) || PacketChecks.test6UnsynchronizedServer(packet)
            || PacketChecks.test7HeaderValues(packet, maximumRootDistance: ProtocolConstants.maximumDispersion)
    }
}
