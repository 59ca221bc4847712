/// One subscription's events waiting to be sent, pure: the replayed events first (bounded by
/// the log they came from), then `replayComplete`, then live events, at most `capacity` of
/// them. A subscriber that falls `capacity` events behind is cut off: its waiting events are
/// dropped and `notificationComplete` is all that is left to send, so one slow reader never
/// holds events (or memory) for long, and the session goes on.
///
/// With a stop time, live events after it are not sent: the first one (or the stop time
/// passing, ``stopTimeReached(now:)``) ends the subscription after what is queued.
public struct SubscriptionQueue: Sendable {
    public enum Ending: Sendable, Equatable {
        /// The stop time passed.
        case stopTime
        /// More than `capacity` live events were waiting.
        case overflow
    }

    public let capacity: Int
    public let stopTime: EventTime?
    private var replay: [NotificationEvent]
    private var replayIndex = 0
    private var replayCompletePending: Bool
    private var live: [NotificationEvent] = []
    private var liveIndex = 0
    /// Set once the subscription is over; `notificationComplete` is sent after what is queued.
    public private(set) var ending: Ending?
    private var completeSent = false

    /// - Parameters:
    ///   - replay: the logged events the subscription asked for (nil: no replay, so no
    ///     `replayComplete` either).
    public init(capacity: Int, replay: [NotificationEvent]?, stopTime: EventTime?, now: EventTime) {
        self.capacity = max(1, capacity)
        self.stopTime = stopTime
        self.replay = replay ?? []
        replayCompletePending = replay != nil
        if let stopTime, stopTime <= now { ending = .stopTime }
    }

    /// Live events waiting.
    public var liveCount: Int { live.count - liveIndex }

    /// True when ``next()`` has something to return.
    public var hasPending: Bool {
        replayIndex < replay.count || replayCompletePending || liveCount > 0 || (ending != nil && !completeSent)
    }

    /// True once `notificationComplete` has been taken: nothing more will come.
    public var isFinished: Bool { completeSent }

    /// A live event; returns false when it ended the subscription (an overflow).
    @discardableResult
    public mutating func offer(_ event: NotificationEvent) -> Bool {
        guard ending == nil else { return true }
        if let stopTime, event.time > stopTime {
            ending = .stopTime
            return true
        }
        guard liveCount < capacity else {
            ending = .overflow
            replay = []
            replayIndex = 0
            replayCompletePending = false
            live = []
            liveIndex = 0
            return false
        }
        live.append(event)
        return true
    }

    /// The stop time has passed at `now`.
    public mutating func stopTimeReached(now: EventTime) {
        guard ending == nil, let stopTime, stopTime <= now else { return }
        ending = .stopTime
    }

    /// The next item to send, nil when nothing is waiting (or the subscription is finished).
    public mutating func next() -> SubscriptionItem? {
        if replayIndex < replay.count {
            defer {
                replayIndex += 1
                if replayIndex == replay.count {
                    replay = []
                    replayIndex = 0
                }
            }
            return .event(replay[replayIndex])
        }
        if replayCompletePending {
            replayCompletePending = false
            return .replayComplete
        }
        if liveIndex < live.count {
            let event = live[liveIndex]
            liveIndex += 1
            if liveIndex * 2 >= live.count {
                live.removeFirst(liveIndex)
                liveIndex = 0
            }
            return .event(event)
        }
        if ending != nil, !completeSent {
            completeSent = true
            return .notificationComplete
        }
        return nil
    }
}
