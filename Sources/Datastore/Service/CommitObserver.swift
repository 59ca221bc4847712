public import NetconfModel
public import YangData

/// Told of each change of running once it is installed, and of each step of a confirmed
/// commit (RFC 6470's `netconf-config-change` and `netconf-confirmed-commit` come from
/// here). Called on the datastore actor, in the commit lane: return at once and do the
/// work (the diff, rendering) elsewhere.
public protocol CommitObserver: Sendable {
    func runningChanged(_ change: RunningChange)
    func confirmedCommit(_ event: ConfirmedCommitEvent, session: SessionID?)
}

/// Running before and after one install. Unchecked Sendable as ``SharedTree``: the datastore
/// never changes a tree once it has been running, and libyang allows concurrent reads.
public struct RunningChange: @unchecked Sendable {
    public let before: DataTree
    public let after: DataTree
    /// The session whose commit it was; nil when the server changed running (a rollback).
    public let session: SessionID?

    /// The changes, outermost first (a libyang diff: run it off the actor).
    public func changes() throws(YangError) -> [DataChange] {
        try before.diff(to: after).changes
    }
}

/// A step of the confirmed-commit procedure (RFC 6241 §8.4).
public enum ConfirmedCommitEvent: Sendable, Equatable {
    case started(timeout: Duration)
    case extended(timeout: Duration)
    case confirmed
    case cancelled
    case timedOut
}
