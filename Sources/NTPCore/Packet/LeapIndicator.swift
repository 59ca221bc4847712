/// The two-bit leap indicator (RFC 5905 §7.3).
public enum LeapIndicator: UInt8, Hashable, Sendable, CaseIterable {
    case noWarning = 0
    case lastMinuteHas61Seconds = 1
    case lastMinuteHas59Seconds = 2
    /// The clock is unsynchronized.
    case unsynchronized = 3
}
