/// The 32-bit NTP short format (RFC 5905 §6): 16 bits of seconds and 16 bits
/// of fraction, used for root delay and root dispersion.
public struct NTPShortFormat: Hashable, Sendable, Comparable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Converts seconds, clamping to 0 ... 65535.99998.
    public init(seconds: Double) {
        let scaled = (seconds * 65_536).rounded()
        if !(scaled > 0) {
            self.rawValue = 0
        } else if scaled >= 4_294_967_295 {
            self.rawValue = .max
        } else {
            self.rawValue = UInt32(scaled)
        }
    }

    public static let zero = NTPShortFormat(rawValue: 0)

    public var seconds: Double { Double(rawValue) / 65_536 }

    public static func < (lhs: NTPShortFormat, rhs: NTPShortFormat) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
