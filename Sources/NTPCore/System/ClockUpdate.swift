/// The system peer as the clock update needs it.
public struct SystemPeerSummary: Hashable, Sendable {
    public var header: PeerHeader
    public var estimate: PeerEstimate
    /// The reference ID to announce for this peer: its IPv4 address, or the
    /// first four bytes of the MD5 of its IPv6 address (computed by the
    /// engine), or the peer's own ID for a stratum-1 source.
    public var referenceID: ReferenceID

    public init(header: PeerHeader, estimate: PeerEstimate, referenceID: ReferenceID) {
        self.header = header
        self.estimate = estimate
        self.referenceID = referenceID
    }
}

/// Local facts at the moment of the update.
public struct ClockUpdateContext: Hashable, Sendable {
    public var now: MonotonicInstant
    /// Wall time now, recorded as the reference time.
    public var wallNow: NTPTimestamp
    public var precision: Int8
    public var pollExponent: Int8

    public init(now: MonotonicInstant, wallNow: NTPTimestamp, precision: Int8, pollExponent: Int8) {
        self.now = now
        self.wallNow = wallNow
        self.precision = precision
        self.pollExponent = pollExponent
    }
}

/// The system variables after the discipline accepted an update from the
/// system peer (RFC 5905 A.5.5.4, `clock_update()`).
public enum ClockUpdate {
    ///     stratum   = peer stratum + 1
    ///     rootDelay = peer root delay + δ
    ///     rootDisp  = peer root dispersion + √(ψ_p² + ψ_s²)
    ///                 + max(ε + Φ·(now − t) + |θ|, MINDISP)
    ///
    /// `leap` is the warning the survivors voted for (``SurvivorVote``); the
    /// system peer's own when not given.
    public static func systemVariables(
        peer: SystemPeerSummary,
        combined: CombinedEstimate,
        leap: LeapIndicator? = nil,
        context: ClockUpdateContext
    ) -> SystemVariables {
        let estimate = peer.estimate
        let jitter = (estimate.jitter * estimate.jitter + combined.selectionJitter * combined.selectionJitter).squareRoot()
        let dispersion = max(estimate.dispersion(at: context.now) + abs(estimate.offset), ProtocolConstants.minimumDispersion)
        return SystemVariables(
            leap: leap ?? peer.header.leap,
            stratum: min(peer.header.stratum + 1, ProtocolConstants.unsynchronizedStratum),
            precision: context.precision,
            rootDelay: peer.header.rootDelay + estimate.delay,
            rootDispersion: peer.header.rootDispersion + jitter + dispersion,
            referenceID: peer.referenceID,
            referenceTime: context.wallNow,
            pollExponent: context.pollExponent
        )
    }
}
