extension AssociationStateMachine {
    /// This association as a selection candidate at `now`, or `nil` before
    /// any sample was accepted.
    public func selectionCandidate(now: MonotonicInstant) -> SelectionCandidate? {
        let snapshot = snapshot
        guard snapshot.isRunning, let peer = snapshot.peer, let estimate = snapshot.estimate else { return nil }
        return SelectionCandidate(
            id: id,
            offset: estimate.offset,
            rootDistance: RootDistance.of(peer: peer, estimate: estimate, now: now),
            jitter: estimate.jitter,
            stratum: peer.stratum,
            leap: peer.leap,
            reach: snapshot.reach,
            referenceID: peer.referenceID,
            isPreferred: configuration.prefer
        )
    }
}

/// Root synchronization distance λ (RFC 5905 A.5.5.2, `root_dist()`).
public enum RootDistance {
    /// λ = max(MINDISP, δ_root + δ) / 2 + ε_root + ε + Φ·(now − t) + ψ
    public static func of(peer: PeerHeader, estimate: PeerEstimate, now: MonotonicInstant) -> Double {
        max(ProtocolConstants.minimumDispersion, peer.rootDelay + estimate.delay) / 2
            + peer.rootDispersion + estimate.dispersion(at: now) + estimate.jitter
    }
}
