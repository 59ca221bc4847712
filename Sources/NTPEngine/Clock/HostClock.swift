public import NTPCore
internal import CNetShims

/// One reading of the host's clocks: wall time (CLOCK_REALTIME, as the host
/// has it, before the engine's own correction) and monotonic time.
public struct HostReading: Hashable, Sendable {
    public var realtime: NTPTimestamp
    public var monotonic: MonotonicInstant

    public init(realtime: NTPTimestamp, monotonic: MonotonicInstant) {
        self.realtime = realtime
        self.monotonic = monotonic
    }
}

/// Where the engine reads time. Injected so tests run on a manual clock.
public protocol HostClock: Sendable {
    func read() -> HostReading
}

/// The real host clocks, read back to back through `clock_gettime`.
public struct SystemHostClock: HostClock {
    public init() {}

    public func read() -> HostReading {
        var seconds: Int64 = 0, nanoseconds: Int64 = 0, monotonic: Int64 = 0
        mn_read_clocks(&seconds, &nanoseconds, &monotonic)
        return HostReading(
            realtime: NTPInstant(unixSeconds: seconds, nanoseconds: UInt32(nanoseconds)).timestamp,
            monotonic: MonotonicInstant(nanoseconds: monotonic)
        )
    }
}
