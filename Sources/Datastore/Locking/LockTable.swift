public import NetconfModel

/// Who holds the global lock of each datastore, and whether the candidate has changes
/// not yet committed (RFC 6241 §7.5, §7.6, §8.3.5). Pure bookkeeping: the datastore
/// actor asks it before acting and tells it what happened.
public struct LockTable: Sendable, Equatable {
    private var holders: [DatastoreName: SessionID] = [:]
    /// Sessions that edited the candidate since it last equalled running.
    public private(set) var candidateEditors: Set<SessionID> = []

    public init() {}

    public func holder(of datastore: DatastoreName) -> SessionID? { holders[datastore] }

    public var isCandidateModified: Bool { !candidateEditors.isEmpty }

    /// Grants the lock, or explains the refusal: held by anyone (even the asker), or, for
    /// the candidate, uncommitted changes exist (error-info names the editing session, or 0).
    public mutating func lock(_ datastore: DatastoreName, by session: SessionID) -> RPCError? {
        if let holder = holders[datastore] {
            return .lockDenied(heldBy: holder, message: "the \(datastore.rawValue) datastore is locked by session \(holder.rawValue)")
        }
        if datastore == .candidate, isCandidateModified {
            let editor = candidateEditors.count == 1 ? candidateEditors.first : nil
            return .lockDenied(
                heldBy: editor,
                message: "the candidate datastore has uncommitted changes; commit or discard-changes first")
        }
        holders[datastore] = session
        return nil
    }

    public mutating func unlock(_ datastore: DatastoreName, by session: SessionID) -> RPCError? {
        guard let holder = holders[datastore] else {
            return .operationFailed("the \(datastore.rawValue) datastore is not locked", type: .protocol)
        }
        guard holder == session else {
            return .operationFailed(
                "the \(datastore.rawValue) datastore is locked by session \(holder.rawValue), not this one", type: .protocol)
        }
        holders[datastore] = nil
        return nil
    }

    /// Checks that `session` may change `datastore`: nobody else holds its lock.
    public func checkWritable(_ datastore: DatastoreName, by session: SessionID) -> RPCError? {
        guard let holder = holders[datastore], holder != session else { return nil }
        return .inUse(message: "the \(datastore.rawValue) datastore is locked by session \(holder.rawValue)")
    }

    public mutating func candidateEdited(by session: SessionID) { candidateEditors.insert(session) }

    /// The candidate equals running again (commit, discard-changes, copy-config).
    public mutating func candidateReset() { candidateEditors.removeAll() }

    /// Releases every lock of an ended session. Returns true when it held the candidate
    /// lock: its uncommitted changes must then be discarded (RFC 6241 §8.3.5.2).
    public mutating func sessionEnded(_ session: SessionID) -> Bool {
        let heldCandidate = holders[.candidate] == session
        for (datastore, holder) in holders where holder == session { holders[datastore] = nil }
        return heldCandidate
    }
}
