/// When something happened on this host, read from both clocks at once: the
/// disciplined wall clock (for NTP timestamps) and the monotonic clock (for
/// scheduling and ageing).
public struct LocalTimestamp: Hashable, Sendable {
    public var wall: NTPTimestamp
    public var monotonic: MonotonicInstant

    public init(wall: NTPTimestamp, monotonic: MonotonicInstant) {
        self.wall = wall
        self.monotonic = monotonic
    }
}
