/// The replay log of the NETCONF stream (RFC 5277 §3.2.3): the newest events, bounded by
/// count and age, in the order they were published. Pure: time is given.
public struct EventLog: Sendable {
    public let limits: EventLogLimits
    /// When this log began (RFC 5277 `replayLogCreationTime`): set when a log is made, kept
    /// across restarts with the events.
    public let creationTime: EventTime
    private var storage: [NotificationEvent] = []
    /// Index of the oldest kept event in `storage` (dropped ones are removed in batches).
    private var head = 0

    public init(limits: EventLogLimits, creationTime: EventTime, events: [NotificationEvent] = []) {
        self.limits = limits
        self.creationTime = creationTime
        storage = events
        enforceCount()
    }

    /// The kept events, oldest first.
    public var events: ArraySlice<NotificationEvent> { storage[head...] }

    public var count: Int { storage.count - head }

    /// Adds `event` (published at `now`) and drops what the limits no longer allow.
    public mutating func append(_ event: NotificationEvent, now: EventTime) {
        storage.append(event)
        enforceCount()
        prune(now: now)
    }

    /// Drops events older than the age limit at `now`.
    public mutating func prune(now: EventTime) {
        let oldest = EventTime(microseconds: now.microseconds - Int64(limits.maxAgeSeconds * 1_000_000))
        while head < storage.count, storage[head].time < oldest { head += 1 }
        compact()
    }

    /// RFC 5277 §2.1.1: the events to replay for a subscription from `start` up to `stop`
    /// (inclusive; nil: up to now), in publication order.
    public func replay(from start: EventTime, to stop: EventTime?) -> [NotificationEvent] {
        events.filter { event in event.time >= start && (stop.map { event.time <= $0 } ?? true) }
    }

    private mutating func enforceCount() {
        if count > limits.maxEvents { head += count - limits.maxEvents }
        compact()
    }

    /// Removes dropped events once they are half the storage (amortized O(1) per event).
    private mutating func compact() {
        guard head > 0, head * 2 >= storage.count else { return }
        storage.removeFirst(head)
        head = 0
    }
}
