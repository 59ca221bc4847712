/// One subscriber's view of the hub: its items in order, until `notificationComplete` or
/// ``cancel()``. Whoever holds it must cancel it when the subscriber goes away.
public final class Subscription: Sendable {
    let id: UInt64
    private let hub: NotificationHub

    init(id: UInt64, hub: NotificationHub) {
        self.id = id
        self.hub = hub
    }

    /// The next item; waits for one. Nil once the subscription is over (its
    /// `notificationComplete` was taken, or it was cancelled).
    public func next() async -> SubscriptionItem? { await hub.next(id) }

    /// The subscription's stop time has come (its holder's timer).
    public func stopTimeReached() { hub.stopTimeReached(id) }

    /// True once the queue overflowed (or the subscription was cancelled).
    public var isCutOff: Bool { hub.isCutOff(id) }

    /// Ends the subscription: its queue is dropped and a waiting ``next()`` returns nil.
    public func cancel() { hub.cancel(id) }
}
