/// One combined offset from source selection, handed to the discipline.
public struct DisciplineInput: Hashable, Sendable {
    /// Θ: the combined offset, in seconds (positive: local clock is behind).
    public var offset: Double
    /// When the system peer's sample was taken.
    public var time: MonotonicInstant
    /// The leap indicator of the system peer.
    public var leap: LeapIndicator
    /// The system root distance, reported as the maximum error.
    public var rootDistance: Double
    /// The frequency correction the system peer's samples call for, when
    /// its estimator measured one (fast polls, ``FastPollEstimator``).
    public var frequencyHint: FrequencyEstimate?
    /// A majority of the sources agrees that the clock is off by more than
    /// the step threshold (``SurvivorVote/backsStep(_:threshold:outcome:)``);
    /// without it no step is taken.
    public var majorityBacksStep: Bool

    public init(
        offset: Double, time: MonotonicInstant, leap: LeapIndicator = .noWarning, rootDistance: Double = 0,
        frequencyHint: FrequencyEstimate? = nil, majorityBacksStep: Bool = true
    ) {
        self.offset = offset
        self.time = time
        self.leap = leap
        self.rootDistance = rootDistance
        self.frequencyHint = frequencyHint
        self.majorityBacksStep = majorityBacksStep
    }
}

/// A frequency measured from a peer's samples: the slope of its offsets
/// from the host clock (so the frequency correction that would hold the
/// offset still), with its standard error; both dimensionless.
public struct FrequencyEstimate: Hashable, Sendable {
    public var value: Double
    public var standardError: Double

    public init(value: Double, standardError: Double) {
        self.value = value
        self.standardError = standardError
    }
}
