public import NTPCore
internal import CNetShims

/// Disciplines the host clock through `clock_adjtime(CLOCK_REALTIME)`
/// (`--clock system`, root only). Failures are counted, never thrown: the
/// discipline cannot undo an action.
public struct SystemClockDriver: EngineClockDriver {
    public private(set) var failures = 0
    private var synchronized = false
    private var leapCode: Int32 = 0

    public init() {}

    public func wallTime(for reading: HostReading) -> NTPTimestamp { reading.realtime }
    public func correction(at monotonic: MonotonicInstant) -> Double { 0 }
    public mutating func advance(to monotonic: MonotonicInstant, pollExponent: Int8) {}

    public func readFrequency() -> Double {
        var ppm = 0.0
        return mn_clock_read_frequency(&ppm) == 0 ? ppm * 1e-6 : 0
    }

    public mutating func setFrequency(_ frequency: Double) { check(mn_clock_set_frequency(frequency * 1e6)) }
    public mutating func accrueOffset(_ offset: Double) { check(mn_clock_slew_offset(offset)) }
    public mutating func applyStep(_ offset: Double) { check(mn_clock_step(offset)) }

    public mutating func setLeap(_ leap: LeapIndicator) {
        leapCode = leap == .lastMinuteHas61Seconds ? 1 : leap == .lastMinuteHas59Seconds ? 2 : 0
        check(mn_clock_set_status(synchronized ? 1 : 0, leapCode, 0, 0))
    }

    public mutating func setSyncStatus(_ status: ClockSyncStatus) {
        synchronized = status.synchronized
        check(mn_clock_set_status(synchronized ? 1 : 0, leapCode, status.estimatedError, status.maximumError))
    }

    private mutating func check(_ result: Int32) {
        if result != 0 { failures += 1 }
    }
}
