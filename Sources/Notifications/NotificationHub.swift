import Synchronization

/// The NETCONF event stream of a running server (RFC 5277): producers `publish` events
/// (any thread, never blocking); each is added to the replay log (and handed to the log's
/// store, which writes it off the caller's thread) and offered to every subscription's
/// bounded queue. Subscribers
/// take their items with ``Subscription/next()``, each at its own pace: a slow one only
/// fills its own queue, and is cut off when that overflows (``SubscriptionQueue``).
///
/// Work under the lock per event: one log append and one queue append per subscription;
/// filters, access control and rendering run in each subscriber's own task.
public final class NotificationHub: EventSink {
    private struct Entry {
        var queue: SubscriptionQueue
        var waiter: CheckedContinuation<Void, Never>?

        /// Queues `event`; returns the subscriber to wake, if it waits.
        mutating func offer(_ event: NotificationEvent) -> CheckedContinuation<Void, Never>? {
            queue.offer(event)
            defer { waiter = nil }
            return waiter
        }
    }

    private struct State {
        var log: EventLog
        var subscriptions: [UInt64: Entry] = [:]
        var nextID: UInt64 = 1
    }

    private let state: Mutex<State>
    private let store: (any EventLogStore)?
    /// The time an event is published at, for the log's age limit (events carry their own).
    public let now: @Sendable () -> EventTime
    public let creationTime: EventTime

    public init(log: EventLog, store: (any EventLogStore)?, now: @escaping @Sendable () -> EventTime) {
        state = Mutex(State(log: log))
        creationTime = log.creationTime
        self.store = store
        self.now = now
    }

    public func publish(_ event: NotificationEvent) {
        let time = now()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.log.append(event, now: time)
            var waiters: [CheckedContinuation<Void, Never>] = []
            // In place, by index: iterating the keys while changing the values would copy
            // the whole table on each event.
            var index = state.subscriptions.startIndex
            while index != state.subscriptions.endIndex {
                if let waiter = state.subscriptions.values[index].offer(event) { waiters.append(waiter) }
                state.subscriptions.formIndex(after: &index)
            }
            return waiters
        }
        store?.append(event)
        for waiter in waiters { waiter.resume() }
    }

    /// A new subscription: with `start`, the logged events from `start` (to `stop`) come
    /// first, then `replayComplete`; live events follow, taken in the same step, so none is
    /// lost or sent twice between the replay and the live part.
    public func subscribe(capacity: Int, start: EventTime?, stop: EventTime?) -> Subscription {
        let time = now()
        let id = state.withLock { state -> UInt64 in
            let id = state.nextID
            state.nextID += 1
            let replay = start.map { state.log.replay(from: $0, to: stop) }
            state.subscriptions[id] = Entry(queue: SubscriptionQueue(capacity: capacity, replay: replay, stopTime: stop, now: time))
            return id
        }
        return Subscription(id: id, hub: self)
    }

    // MARK: For Subscription

    func next(_ id: UInt64) async -> SubscriptionItem? {
        while true {
            enum Step { case item(SubscriptionItem), over, wait }
            let step = state.withLock { state -> Step in
                guard var entry = state.subscriptions[id], !entry.queue.isFinished else { return .over }
                guard let item = entry.queue.next() else { return .wait }
                state.subscriptions[id] = entry
                return .item(item)
            }
            switch step {
            case .item(let item): return item
            case .over: return nil
            case .wait: break
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    guard let entry = state.subscriptions[id], !entry.queue.isFinished, !entry.queue.hasPending else { return true }
                    state.subscriptions[id]?.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    func stopTimeReached(_ id: UInt64) {
        let time = now()
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.subscriptions[id]?.queue.stopTimeReached(now: time)
            defer { state.subscriptions[id]?.waiter = nil }
            return state.subscriptions[id]?.waiter
        }
        waiter?.resume()
    }

    func cancel(_ id: UInt64) {
        let waiter = state.withLock { $0.subscriptions.removeValue(forKey: id)?.waiter }
        waiter?.resume()
    }

    func isCutOff(_ id: UInt64) -> Bool {
        state.withLock { $0.subscriptions[id].map { $0.queue.ending == .overflow } ?? true }
    }
}
