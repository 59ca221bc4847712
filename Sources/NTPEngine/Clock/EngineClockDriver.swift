public import NTPCore

/// A ``ClockDriver`` that also tells the engine what time it is: the engine
/// timestamps every packet with ``wallTime(for:)``.
public protocol EngineClockDriver: ClockDriver, Sendable {
    /// The disciplined wall time at a host reading.
    func wallTime(for reading: HostReading) -> NTPTimestamp
    /// Called before discipline actions run, with the time they take
    /// effect and the system poll exponent (the slew time constant).
    mutating func advance(to monotonic: MonotonicInstant, pollExponent: Int8)
    /// The correction this driver applies on top of the host clock now, in
    /// seconds (zero for a driver that steers the host clock itself).
    func correction(at monotonic: MonotonicInstant) -> Double
    /// The disciplined time at a host reading with the correction in force
    /// (one evaluation of the correction for both).
    func localTime(for reading: HostReading) -> LocalTimestamp
}

extension EngineClockDriver {
    public func localTime(for reading: HostReading) -> LocalTimestamp {
        LocalTimestamp(wall: wallTime(for: reading), monotonic: reading.monotonic, correction: correction(at: reading.monotonic))
    }
}
