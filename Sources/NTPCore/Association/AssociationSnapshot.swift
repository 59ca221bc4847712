/// A read-only view of an association for monitoring and selection.
public struct AssociationSnapshot: Hashable, Sendable {
    public var id: AssociationID
    public var mode: AssociationMode
    public var isRunning: Bool
    public var stopReason: AssociationStopReason?
    public var reach: UInt8
    public var hostPollExponent: Int8
    public var peerPollExponent: Int8
    public var nextPollAt: MonotonicInstant?
    /// The peer's header from its last accepted packet.
    public var peer: PeerHeader?
    /// The clock filter's estimate.
    public var estimate: PeerEstimate?
}

extension AssociationStateMachine {
    public var snapshot: AssociationSnapshot {
        var snapshot = AssociationSnapshot(
            id: id, mode: configuration.mode, isRunning: false, stopReason: nil, reach: 0,
            hostPollExponent: configuration.minimumPollExponent,
            peerPollExponent: configuration.maximumPollExponent
        )
        let running: RunningState?
        switch state {
        case .idle: running = nil
        case .running(let current): running = current; snapshot.isRunning = true
        case .stopped(let reason, let last): running = last; snapshot.stopReason = reason
        }
        if let running {
            snapshot.reach = running.reach.value
            snapshot.hostPollExponent = running.poll.hostPoll
            snapshot.peerPollExponent = running.poll.peerPoll
            snapshot.nextPollAt = snapshot.isRunning ? running.poll.nextPollAt : nil
            snapshot.peer = running.peer
            snapshot.estimate = running.filter.estimate
        }
        return snapshot
    }
}
