/// The RFC 5905 §10 clock filter: an eight-stage shift register of samples
/// from which the lowest-delay sample is chosen, with the filter dispersion
/// and the peer jitter computed over the stages (Appendix A.5.2).
public struct ClockFilter: Hashable, Sendable {
    public static let stageCount = 8

    /// Stages, newest first. An empty slot holds a dummy sample with
    /// maximum dispersion, as after a missed poll.
    public private(set) var stages: [ClockSample]
    /// The current estimate; `nil` until a valid sample has been seen, and
    /// again once only dummy samples remain.
    public private(set) var estimate: PeerEstimate?
    /// Time of the last sample passed on to selection (peer variable t).
    public private(set) var lastUsedTime: MonotonicInstant?
    /// The estimator used instead of the minimum-delay choice when the
    /// context says the association polls every second or faster.
    public private(set) var fast = FastPollEstimator()

    public init() {
        self.stages = []
    }

    /// Shifts a sample in, recomputes the estimate and says whether it is
    /// new enough to use; `nil` when no stage holds a valid sample (the new
    /// one had a dispersion of MAXDISP or more). Call ``markUsed(_:)`` when
    /// a fresh estimate is passed on (a burst holds samples back until it
    /// ends).
    ///
    /// With ``FilterContext/fastPolling`` the estimate comes from the
    /// ``FastPollEstimator`` instead (every fresh low-delay sample is used);
    /// the stages still give the filter dispersion. `clock` carries the
    /// clock driver's correction and frequency when the sample was taken.
    public mutating func add(_ sample: ClockSample, clock: LocalTimestamp? = nil, context: FilterContext) -> FilterUpdate? {
        if context.fastPolling {
            return addFast(sample, correction: clock?.correction ?? 0, rate: clock?.correctionRate ?? 0, context: context)
        }
        shift(sample)
        let previous = estimate
        estimate = computeEstimate(now: sample.time, precision: context.precisionSeconds)
        guard let next = estimate else { return nil }
        let disposition = classify(next, previous: previous, context: context)
        return FilterUpdate(estimate: next, disposition: disposition)
    }

    /// Records that `estimate` went to source selection, so no sample at
    /// or before its time is used again.
    public mutating func markUsed(_ estimate: PeerEstimate) {
        lastUsedTime = estimate.time
    }

    /// Shifts in a dummy sample, as the poll process does after three polls
    /// with no reply (RFC 5905 A.5.3, `reach & 0x7 == 0`).
    public mutating func addMissedPoll(at time: MonotonicInstant, context: FilterContext) {
        shift(ClockSample(offset: 0, delay: 0, dispersion: ProtocolConstants.maximumDispersion, time: time))
        guard context.fastPolling, var current = estimate else {
            estimate = computeEstimate(now: time, precision: context.precisionSeconds)
            return
        }
        // Keep the fast estimate, with the dispersion the stages now give.
        guard let fromStages = computeEstimate(now: time, precision: context.precisionSeconds) else {
            estimate = nil
            return
        }
        current.dispersion = fromStages.dispersion
        estimate = current
    }

    /// Fast polling: every fresh sample near the minimum delay is used,
    /// with the offset from the estimator's fit (see ``FastPollEstimator``)
    /// and the dispersion of the filled stages once it has enough samples.
    private mutating func addFast(_ sample: ClockSample, correction: Double, rate: Double, context: FilterContext) -> FilterUpdate? {
        shift(sample)
        guard let fromStages = computeEstimate(now: sample.time, precision: context.precisionSeconds) else {
            estimate = nil
            return nil
        }
        let verdict = fast.add(sample, correction: correction, rate: rate, precision: context.precisionSeconds)
        let dispersion = fast.count >= FastPollEstimator.minimumSamples
            ? FilterOrdering.filledDispersion(FilterOrdering.byDelay(stages, now: sample.time)) ?? fromStages.dispersion
            : fromStages.dispersion
        switch verdict {
        case .used(let offset, let jitter, let frequency):
            estimate = PeerEstimate(
                offset: offset, delay: sample.delay, dispersion: dispersion, jitter: jitter, time: sample.time, frequency: frequency
            )
            return FilterUpdate(estimate: estimate!, disposition: .fresh)
        case .highDelay, .popcornSpike, .collecting:
            if estimate == nil { estimate = fromStages }
            estimate!.dispersion = dispersion
            return FilterUpdate(estimate: estimate!, disposition: verdict == .popcornSpike ? .popcornSpike : .stale)
        }
    }

    /// Forgets every sample, as after the clock is stepped.
    public mutating func reset() {
        self = ClockFilter()
    }

    private mutating func shift(_ sample: ClockSample) {
        stages.insert(sample, at: 0)
        if stages.count > Self.stageCount { stages.removeLast() }
    }

    private func computeEstimate(now: MonotonicInstant, precision: Double) -> PeerEstimate? {
        let ordered = FilterOrdering.byDelay(stages, now: now)
        guard let best = ordered.first, best.isValid else { return nil }
        return PeerEstimate(
            offset: best.sample.offset,
            delay: best.sample.delay,
            dispersion: FilterOrdering.filterDispersion(ordered),
            jitter: FilterOrdering.jitter(ordered, precision: precision),
            time: best.sample.time
        )
    }

    /// The popcorn test compares the jump with the jitter *before* this
    /// sample: measured against the new best sample, a lone spike inflates
    /// the jitter enough to pass its own test.
    private func classify(_ next: PeerEstimate, previous: PeerEstimate?, context: FilterContext) -> FilterUpdate.Disposition {
        guard let lastUsedTime, let previous else { return .fresh }
        let sinceLastUse = (next.time - lastUsedTime).secondsValue
        if sinceLastUse <= 0, context.clockSynchronized { return .stale }
        let jump = abs(next.offset - previous.offset)
        let twoPolls = 2 * ProtocolConstants.seconds(log2: context.systemPollExponent)
        if jump > ProtocolConstants.spikeGate * previous.jitter, sinceLastUse < twoPolls { return .popcornSpike }
        return .fresh
    }
}
