public import NTPCore

/// An ``EngineEvent`` with the time it happened: the host's wall clock
/// (CLOCK_REALTIME, the injected ``HostClock``) read by the engine at the
/// transition, not when the event is delivered. The host clock, not the
/// engine's virtual clock, so the events sort with the daemon's other
/// timestamps (log lines, NETCONF notifications).
public struct TimedEngineEvent: Hashable, Sendable {
    /// Seconds since the Unix epoch, with fraction.
    public var time: Double
    public var event: EngineEvent

    public init(time: Double, event: EngineEvent) {
        self.time = time
        self.event = event
    }

    /// Unix seconds of a host wall-clock reading. The timestamp's era is
    /// the one nearest to 2026 (a reading within 68 years of it).
    public static func unixSeconds(of realtime: NTPTimestamp) -> Double {
        let instant = realtime.instant(nearestTo: pivot)
        return Double(instant.unixSeconds) + Double(instant.fraction) / 4_294_967_296
    }

    /// 2026-01-01T00:00:00Z.
    private static let pivot = NTPInstant(unixSeconds: 1_767_225_600, nanoseconds: 0)
}
