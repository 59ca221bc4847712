/// The clock discipline's thresholds and loop constants (RFC 5905
/// Appendix A.5.5.6 and ntpd's tuned values). Configurable so tests and fast
/// labs can shorten them.
public struct DisciplineParameters: Hashable, Sendable {
    /// STEPT: offsets above this are stepped, not slewed (seconds).
    public var stepThreshold: Double
    /// PANICT: offsets above this are refused (seconds); `nil` never panics.
    public var panicThreshold: Double?
    /// Steps are allowed during the first this many clock updates only
    /// (chrony's `makestep` limit); after them an offset beyond the step
    /// threshold is slewed. `nil` steps whenever RFC 5905 would.
    public var stepLimit: Int?
    /// WATCH: how long an outlier must persist before a step, and how long
    /// frequency is measured at start-up (seconds).
    public var stepoutInterval: Double
    /// Bounds of the system poll exponent.
    public var minimumPollExponent: Int8
    public var maximumPollExponent: Int8
    /// MAXFREQ: the largest frequency correction (dimensionless, 500 ppm).
    public var maximumFrequency: Double
    /// PLL loop gain (ntpd's CLOCK_PLL).
    public var pllGain: Double
    /// AVG: averaging constant for jitter, wander and the FLL.
    public var averaging: Double
    /// ALLAN: the Allan intercept in seconds, where the FLL takes over.
    public var allanIntercept: Double
    /// LIMIT: the poll-adjust counter's hysteresis.
    public var pollAdjustLimit: Int
    /// PGATE: offsets below this many jitters lengthen the poll interval.
    public var pollGate: Double

    /// How fast a phase correction is paid out (the slew's time constant,
    /// seconds): PLL gain · min(2^poll, ALLAN) as RFC 5905's
    /// `clock_adjust()`, except at laboratory polls (one second or faster),
    /// where the offset given is already an average over many samples
    /// (``FastPollEstimator``) and is corrected within half a poll, as
    /// chrony corrects its regression's estimate in full: the next update
    /// then measures only what is new.
    public func phaseTimeConstant(pollExponent: Int8) -> Double {
        if pollExponent <= FastPollEstimator.maximumPollExponent {
            return ProtocolConstants.seconds(log2: pollExponent) / 2
        }
        return pllGain * min(ProtocolConstants.seconds(log2: pollExponent), allanIntercept)
    }

    public init(
        stepThreshold: Double = 0.128,
        panicThreshold: Double? = 1000,
        stepLimit: Int? = nil,
        stepoutInterval: Double = 900,
        minimumPollExponent: Int8 = 6,
        maximumPollExponent: Int8 = 10,
        maximumFrequency: Double = 500e-6,
        pllGain: Double = 16,
        averaging: Double = 4,
        allanIntercept: Double = 1500,
        pollAdjustLimit: Int = 30,
        pollGate: Double = 4
    ) {
        self.stepThreshold = stepThreshold
        self.panicThreshold = panicThreshold
        self.stepLimit = stepLimit.map { max($0, 0) }
        self.stepoutInterval = stepoutInterval
        self.minimumPollExponent = minimumPollExponent
        self.maximumPollExponent = max(maximumPollExponent, minimumPollExponent)
        self.maximumFrequency = maximumFrequency
        self.pllGain = pllGain
        self.averaging = averaging
        self.allanIntercept = allanIntercept
        self.pollAdjustLimit = pollAdjustLimit
        self.pollGate = pollGate
    }
}
