/// When the engine may step its clock (meridian-ntp `clock-step`): offsets
/// beyond `threshold` are stepped, but only during the first `limit` clock
/// updates after start (chrony's `makestep`), after which they are slewed;
/// an offset beyond `panicThreshold` is never corrected. A step also needs a
/// majority of the sources behind it (``NTPCore/SurvivorVote``).
public struct ClockStepSettings: Hashable, Sendable {
    /// Seconds (RFC 5905 STEPT, 0.128 s by default).
    public var threshold: Double
    /// Clock updates after start during which a step is allowed.
    public var limit: Int
    /// Seconds (RFC 5905 PANICT, 1000 s by default); `nil`: no limit.
    public var panicThreshold: Double?

    public init(threshold: Double = 0.128, limit: Int = 3, panicThreshold: Double? = 1000) {
        self.threshold = threshold
        self.limit = limit
        self.panicThreshold = panicThreshold
    }
}
