internal import CNetShims

/// The precision of the host clock as an NTP engine announces and uses it (RFC 5905 §7.3:
/// "the precision of the system clock, in log2 seconds"): how finely a reading of the
/// clock tells time, that is its resolution and the time a reading takes, whichever is
/// larger. Measured as ntpd and chronyd do, from the smallest step between successive
/// readings of a clock with nanosecond resolution read through the vDSO.
public enum ClockPrecision {
    /// The bounds of what is announced: 2^-30 s (1 ns) and 2^-10 s (about 1 ms).
    public static let range: ClosedRange<Int8> = -30 ... -10

    /// log2 of the smallest positive step among `steps` (nanoseconds), rounded up: the
    /// precision those readings show, within ``range``. `nil` when no step is positive.
    public static func exponent(ofSteps steps: [Int64]) -> Int8? {
        guard let smallest = steps.filter({ $0 > 0 }).min() else { return nil }
        var exponent: Int8 = -30
        while exponent < range.upperBound, Double(smallest) * 1e-9 > Double(sign: .plus, exponent: Int(exponent), significand: 1) { exponent += 1 }
        return exponent
    }

    /// The precision of CLOCK_REALTIME, from 2,000 successive readings; -20 (about 1 µs)
    /// if the clock never advanced between readings.
    public static func measure() -> Int8 {
        var steps: [Int64] = []
        steps.reserveCapacity(2_000)
        var seconds: Int64 = 0, nanoseconds: Int64 = 0, monotonic: Int64 = 0
        mn_read_clocks(&seconds, &nanoseconds, &monotonic)
        var previous = seconds * 1_000_000_000 + nanoseconds
        for _ in 0..<2_000 {
            mn_read_clocks(&seconds, &nanoseconds, &monotonic)
            let now = seconds * 1_000_000_000 + nanoseconds
            steps.append(now - previous)
            previous = now
        }
        return exponent(ofSteps: steps) ?? -20
    }
}
