/// A signed span of NTP time in units of 2^-32 seconds, the result of
/// subtracting two timestamps. Covers ±68 years.
public struct NTPInterval: Hashable, Sendable, Comparable {
    /// The span in 2^-32 second units.
    public var fixedPoint: Int64

    public init(fixedPoint: Int64) {
        self.fixedPoint = fixedPoint
    }

    /// Converts seconds, saturating at the representable range.
    public init(seconds: Double) {
        let scaled = (seconds * NTPInterval.unitsPerSecond).rounded()
        if scaled.isNaN {
            self.fixedPoint = 0
        } else if scaled >= 9.223_372_036_854_775_807e18 {
            self.fixedPoint = .max
        } else if scaled <= -9.223_372_036_854_775_808e18 {
            self.fixedPoint = .min
        } else {
            self.fixedPoint = Int64(scaled)
        }
    }

    public static let zero = NTPInterval(fixedPoint: 0)
    static let unitsPerSecond: Double = 4_294_967_296

    /// The span in seconds.
    public var seconds: Double { Double(fixedPoint) / NTPInterval.unitsPerSecond }

    /// The span as a standard library `Duration` (nanosecond resolution).
    public var duration: Duration {
        let wholeSeconds = fixedPoint >> 32
        let fraction = UInt64(truncatingIfNeeded: fixedPoint) & 0xFFFF_FFFF
        let nanoseconds = Int64((fraction &* 1_000_000_000) >> 32)
        return .seconds(wholeSeconds) + .nanoseconds(nanoseconds)
    }

    public static func < (lhs: NTPInterval, rhs: NTPInterval) -> Bool {
        lhs.fixedPoint < rhs.fixedPoint
    }

    public static func + (lhs: NTPInterval, rhs: NTPInterval) -> NTPInterval {
        NTPInterval(fixedPoint: lhs.fixedPoint &+ rhs.fixedPoint)
    }

    public static func - (lhs: NTPInterval, rhs: NTPInterval) -> NTPInterval {
        NTPInterval(fixedPoint: lhs.fixedPoint &- rhs.fixedPoint)
    }

    public static prefix func - (value: NTPInterval) -> NTPInterval {
        NTPInterval(fixedPoint: 0 &- value.fixedPoint)
    }
}
