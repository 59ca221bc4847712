public import NetconfModel

/// The confirmed-commit rules of RFC 6241 §8.4 (:confirmed-commit:1.1) as pure logic.
///
/// It decides what a `<commit>` or `<cancel-commit>` means given what is pending, and
/// when running must be rolled back: the timeout passed, the initiating session ended
/// (without `<persist>`), or the client cancelled. Time is a parameter (a monotonic
/// instant), never read here. `Snapshot` is whatever the datastore needs to restore
/// running as it was before the first confirmed commit.
public struct ConfirmedCommitTracker<Instant: InstantProtocol, Snapshot: Sendable>: Sendable
where Instant.Duration == Duration, Instant: Sendable {
    /// Who may confirm, extend or cancel the pending commit.
    public enum Owner: Sendable, Equatable {
        case session(SessionID)
        case persist(String)
    }

    public struct Pending: Sendable {
        public let deadline: Instant
        public let owner: Owner
        public let rollback: Snapshot
    }

    /// What a commit request turns out to be.
    public enum CommitKind: Sendable, Equatable {
        /// An ordinary commit with nothing pending.
        case plain
        /// A confirmed commit starts: running changes, and rolls back at `deadline` unless confirmed.
        case confirmedStarted(deadline: Instant)
        /// Another confirmed commit while one is pending: running changes again, new deadline.
        case confirmedExtended(deadline: Instant)
        /// The pending confirmed commit is confirmed: changes become permanent.
        case confirming
    }

    public struct CommitRequest: Sendable {
        public var confirmed = false
        /// `<confirm-timeout>`; RFC 6241 default 600 s.
        public var timeout: Duration = .seconds(600)
        public var persist: String?
        public var persistID: String?
        public init() {}
    }

    public private(set) var pending: Pending?

    public init() {}

    public var deadline: Instant? { pending?.deadline }

    /// Classifies a `<commit>` from `session` at `now`. `runningNow` is taken only when a
    /// new confirmed commit starts (it is what a rollback restores).
    public mutating func commit(
        _ request: CommitRequest, from session: SessionID, now: Instant, runningNow: () -> Snapshot
    ) throws(RPCError) -> CommitKind {
        if let current = pending {
            try authorize(current.owner, persistID: request.persistID, session: session)
            guard request.confirmed else {
                pending = nil
                return .confirming
            }
            let deadline = now.advanced(by: request.timeout)
            pending = Pending(deadline: deadline, owner: owner(request, session), rollback: current.rollback)
            return .confirmedExtended(deadline: deadline)
        }
        if request.persistID != nil {
            throw RPCError.invalidValue("no confirmed commit is pending for this persist-id", type: .protocol)
        }
        guard request.confirmed else { return .plain }
        let deadline = now.advanced(by: request.timeout)
        pending = Pending(deadline: deadline, owner: owner(request, session), rollback: runningNow())
        return .confirmedStarted(deadline: deadline)
    }

    /// `<cancel-commit>`: returns the snapshot to restore.
    public mutating func cancel(persistID: String?, from session: SessionID) throws(RPCError) -> Snapshot {
        guard let current = pending else {
            throw RPCError.operationFailed("no confirmed commit is pending", type: .protocol)
        }
        try authorize(current.owner, persistID: persistID, session: session)
        pending = nil
        return current.rollback
    }

    /// The snapshot to restore if the deadline has passed at `now`.
    public mutating func expire(now: Instant) -> Snapshot? {
        guard let current = pending, now >= current.deadline else { return nil }
        pending = nil
        return current.rollback
    }

    /// The snapshot to restore when the session that owns a non-persistent confirmed commit ends.
    public mutating func sessionEnded(_ session: SessionID) -> Snapshot? {
        guard let current = pending, current.owner == .session(session) else { return nil }
        pending = nil
        return current.rollback
    }

    private func owner(_ request: CommitRequest, _ session: SessionID) -> Owner {
        request.persist.map(Owner.persist) ?? .session(session)
    }

    private func authorize(_ owner: Owner, persistID: String?, session: SessionID) throws(RPCError) {
        switch owner {
        case .persist(let token):
            guard persistID == token else {
                throw RPCError.invalidValue(
                    persistID == nil
                        ? "a confirmed commit with persist is pending; give its persist-id"
                        : "persist-id does not match the pending confirmed commit",
                    type: .protocol)
            }
        case .session(let owner):
            guard persistID == nil else {
                throw RPCError.invalidValue("the pending confirmed commit was not given a persist token", type: .protocol)
            }
            guard owner == session else {
                throw RPCError.inUse(
                    message: "a confirmed commit of session \(owner.rawValue) is pending; only that session can confirm or cancel it")
            }
        }
    }
}
