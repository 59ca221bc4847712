import NetconfModel
import Notifications
import Synchronization
import YangData

/// What the server needs to serve RFC 5277 subscriptions and publish RFC 6470 events: the
/// hub, the schema for XPath filters, the per-subscription queue size, and the one
/// subscription each session may hold.
final class NotificationWiring: Sendable {
    let hub: NotificationHub
    let context: YangContext
    let queueCapacity: Int
    let sessions = SessionDirectory()
    private let active = Mutex<[SessionID: Subscription]>([:])

    init(hub: NotificationHub, context: YangContext, queueCapacity: Int) {
        self.hub = hub
        self.context = context
        self.queueCapacity = queueCapacity
    }

    /// Makes `subscription` the session's; false when it already has one (RFC 5277 allows one
    /// per session).
    func register(_ subscription: Subscription, for session: SessionID) -> Bool {
        active.withLock { active in
            guard active[session] == nil else { return false }
            active[session] = subscription
            return true
        }
    }

    func hasSubscription(_ session: SessionID) -> Bool { active.withLock { $0[session] != nil } }

    /// The subscription ended: the session may create another.
    func unregister(_ subscription: Subscription, for session: SessionID) {
        active.withLock { active in
            if active[session] === subscription { active[session] = nil }
        }
    }

    /// The session ended: its subscription (if any) is cancelled, its queue dropped.
    func sessionEnded(_ session: SessionID) {
        active.withLock { $0.removeValue(forKey: session) }?.cancel()
        sessions.ended(session)
    }
}
