/// A point on the NTP wall-clock timescale with its era made explicit:
/// seconds since the prime epoch (1900-01-01 00:00:00 UTC, era 0) plus a
/// 32-bit fraction. RFC 5905 §6's "NTP date", held in 96 bits.
///
/// This is wall time and may jump when the clock is stepped; monotonic time
/// is ``MonotonicInstant``.
public struct NTPInstant: Hashable, Sendable, Comparable {
    /// Whole seconds since the prime epoch; negative before 1900.
    public var secondsSincePrimeEpoch: Int64
    /// Fraction of a second in 2^-32 units.
    public var fraction: UInt32

    public init(secondsSincePrimeEpoch: Int64, fraction: UInt32 = 0) {
        self.secondsSincePrimeEpoch = secondsSincePrimeEpoch
        self.fraction = fraction
    }

    /// Seconds between the NTP prime epoch (1900) and the Unix epoch (1970).
    public static let unixEpochOffset: Int64 = 2_208_988_800
    static let secondsPerEra: Int64 = 1 << 32

    /// Builds an instant from Unix time (for example from `clock_gettime`).
    public init(unixSeconds: Int64, nanoseconds: UInt32) {
        self.secondsSincePrimeEpoch = unixSeconds + NTPInstant.unixEpochOffset
        self.fraction = UInt32(truncatingIfNeeded: (UInt64(min(nanoseconds, 999_999_999)) << 32) / 1_000_000_000)
    }

    public var unixSeconds: Int64 { secondsSincePrimeEpoch - NTPInstant.unixEpochOffset }
    public var nanoseconds: UInt32 { UInt32((UInt64(fraction) * 1_000_000_000) >> 32) }

    /// The era number (RFC 5905 §6): era 0 began in 1900, era 1 in 2036.
    public var era: Int64 { secondsSincePrimeEpoch >> 32 }

    /// Seconds within the era (the timestamp's seconds field).
    public var eraOffset: UInt32 { UInt32(truncatingIfNeeded: secondsSincePrimeEpoch) }

    /// The 64-bit on-wire timestamp for this instant (the era is dropped).
    public var timestamp: NTPTimestamp {
        NTPTimestamp(seconds: eraOffset, fraction: fraction)
    }

    /// Recovers the instant of a timestamp in an explicit era.
    public init(timestamp: NTPTimestamp, era: Int64) {
        self.secondsSincePrimeEpoch = era * NTPInstant.secondsPerEra + Int64(timestamp.seconds)
        self.fraction = timestamp.fraction
    }

    /// Seconds from `other` to `self` (positive when `self` is later).
    public func seconds(since other: NTPInstant) -> Double {
        Double(secondsSincePrimeEpoch - other.secondsSincePrimeEpoch)
            + (Double(fraction) - Double(other.fraction)) / NTPInterval.unitsPerSecond
    }

    public static func + (lhs: NTPInstant, rhs: NTPInterval) -> NTPInstant {
        let total = Int64(lhs.fraction) + (rhs.fixedPoint & 0xFFFF_FFFF)
        let carry = total >> 32
        return NTPInstant(
            secondsSincePrimeEpoch: lhs.secondsSincePrimeEpoch + (rhs.fixedPoint >> 32) + carry,
            fraction: UInt32(truncatingIfNeeded: total)
        )
    }

    public static func < (lhs: NTPInstant, rhs: NTPInstant) -> Bool {
        (lhs.secondsSincePrimeEpoch, lhs.fraction) < (rhs.secondsSincePrimeEpoch, rhs.fraction)
    }
}
