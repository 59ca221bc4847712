import Glibc
public import Notifications

/// The host's wall clock (CLOCK_REALTIME) as event times: when an event happened, as the
/// subscribers' clocks see it.
public struct SystemEventClock: Sendable {
    public init() {}

    public func now() -> EventTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return EventTime(microseconds: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }
}
