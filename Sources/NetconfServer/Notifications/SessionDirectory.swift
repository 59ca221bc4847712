import NetconfModel
import Notifications
import Synchronization

/// Who each session is (user, source host), for the `changed-by` of events that come from
/// the datastore, which knows only session ids. Sessions that ended stay known for a while
/// (the last ``retainedEnded``), as a commit or a rollback may be reported after its
/// session's end.
final class SessionDirectory: Sendable {
    static let retainedEnded = 256

    private struct State {
        var live: [SessionID: ChangedBy] = [:]
        var ended: [SessionID: ChangedBy] = [:]
        var endedOrder: [SessionID] = []
    }

    private let state = Mutex(State())

    func started(_ id: SessionID, user: String, sourceHost: String) {
        state.withLock { $0.live[id] = .user(name: user, sessionID: id.rawValue, sourceHost: sourceHost) }
    }

    func ended(_ id: SessionID) {
        state.withLock { state in
            guard let who = state.live.removeValue(forKey: id) else { return }
            state.ended[id] = who
            state.endedOrder.append(id)
            if state.endedOrder.count > Self.retainedEnded {
                state.ended.removeValue(forKey: state.endedOrder.removeFirst())
            }
        }
    }

    /// The session's user; the server when the session is nil or unknown.
    func changedBy(_ id: SessionID?) -> ChangedBy {
        guard let id else { return .server }
        return state.withLock { $0.live[id] ?? $0.ended[id] } ?? .server
    }
}
