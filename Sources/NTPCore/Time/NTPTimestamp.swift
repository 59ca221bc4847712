/// The 64-bit NTP timestamp format (RFC 5905 §6): 32 bits of seconds and 32
/// bits of fraction since the start of the timestamp's era.
///
/// A timestamp carries no era number. Differences between two timestamps are
/// taken modulo 2^64 and read as signed, which is valid while the two lie
/// within 68 years of each other; this is how the on-wire protocol survives
/// the 2036 rollover. Use ``instant(nearestTo:)`` to recover an era.
public struct NTPTimestamp: Hashable, Sendable {
    /// Seconds in the high 32 bits, fraction in the low 32 bits.
    public var rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public init(seconds: UInt32, fraction: UInt32) {
        self.rawValue = UInt64(seconds) << 32 | UInt64(fraction)
    }

    /// The zero timestamp, which the protocol reads as "not set".
    public static let zero = NTPTimestamp(rawValue: 0)

    public var seconds: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: rawValue) }
    public var isZero: Bool { rawValue == 0 }

    /// Signed difference `lhs - rhs`, modulo 2^64 (RFC 5905 §6).
    public static func - (lhs: NTPTimestamp, rhs: NTPTimestamp) -> NTPInterval {
        NTPInterval(fixedPoint: Int64(bitPattern: lhs.rawValue &- rhs.rawValue))
    }

    public static func + (lhs: NTPTimestamp, rhs: NTPInterval) -> NTPTimestamp {
        NTPTimestamp(rawValue: lhs.rawValue &+ UInt64(bitPattern: rhs.fixedPoint))
    }

    public static func - (lhs: NTPTimestamp, rhs: NTPInterval) -> NTPTimestamp {
        NTPTimestamp(rawValue: lhs.rawValue &- UInt64(bitPattern: rhs.fixedPoint))
    }

    /// The instant this timestamp names in the era that puts it closest to
    /// `pivot` (within ±2^31 seconds).
    public func instant(nearestTo pivot: NTPInstant) -> NTPInstant {
        pivot + (self - pivot.timestamp)
    }
}

extension NTPTimestamp: CustomStringConvertible {
    public var description: String {
        "NTPTimestamp(\(seconds).\(fraction))"
    }
}
