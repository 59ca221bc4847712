/// When something happened on this host, read from both clocks at once: the
/// disciplined wall clock (for NTP timestamps) and the monotonic clock (for
/// scheduling and ageing).
public struct LocalTimestamp: Hashable, Sendable {
    public var wall: NTPTimestamp
    public var monotonic: MonotonicInstant
    /// The correction the engine's clock driver applied on top of the host
    /// clock at this moment, in seconds (0 for a driver that steers the
    /// host clock itself). Lets the fast-poll estimator compare samples
    /// taken before and after the discipline moved the clock.
    public var correction: Double
    /// The driver's frequency correction at this moment (dimensionless):
    /// how fast ``correction`` grows apart from phase slews.
    public var correctionRate: Double

    public init(wall: NTPTimestamp, monotonic: MonotonicInstant, correction: Double = 0, correctionRate: Double = 0) {
        self.wall = wall
        self.monotonic = monotonic
        self.correction = correction
        self.correctionRate = correctionRate
    }
}
