/// The RFC 5905 clock discipline (§11.3, Appendix A.5.5.6 `local_clock()`):
/// a hybrid PLL/FLL with step, stepout and panic thresholds, as a pure state
/// machine. Feed it combined offsets with ``update(_:)``; it returns the
/// actions for a ``ClockDriver`` and adjusts the system poll exponent.
public struct ClockDiscipline: Sendable {
    public let parameters: DisciplineParameters
    public internal(set) var state: DisciplineState
    /// The frequency correction in force (dimensionless).
    public internal(set) var frequency: Double
    /// The last offset accepted (c.offset), in seconds.
    public internal(set) var lastOffset: Double = 0
    /// Clock jitter: RMS of offset differences (seconds).
    public internal(set) var jitter: Double
    /// Clock wander: RMS of frequency differences.
    public internal(set) var wander: Double = 0
    /// The system poll exponent (s.poll) the associations should follow.
    public internal(set) var pollExponent: Int8
    /// Time of the last clock update (s.t).
    public internal(set) var lastUpdate: MonotonicInstant?
    /// Updates that slewed or stepped the clock since start, for the step
    /// limit (``DisciplineParameters/stepLimit``). A discipline that replaces
    /// this one (new poll range) carries it over.
    public internal(set) var clockUpdates = 0
    var pollAdjustCounter = 0
    var announcedLeap: LeapIndicator?
    var announcedSynchronized: Bool?
    let precision: Double

    /// - Parameters:
    ///   - initialFrequency: a frequency from a drift file; with it the
    ///     discipline starts in ``DisciplineState/frequencySet``.
    ///   - systemPrecision: log2 of the clock precision, the jitter floor.
    public init(parameters: DisciplineParameters = DisciplineParameters(), initialFrequency: Double? = nil, systemPrecision: Int8 = -20) {
        self.parameters = parameters
        self.state = initialFrequency == nil ? .unset : .frequencySet
        self.frequency = initialFrequency ?? 0
        self.precision = ProtocolConstants.seconds(log2: systemPrecision)
        self.jitter = precision
        self.pollExponent = parameters.minimumPollExponent
    }

    /// Processes one combined offset.
    public mutating func update(_ input: DisciplineInput) -> DisciplineResult {
        if let panic = parameters.panicThreshold, abs(input.offset) > panic {
            return DisciplineResult(outcome: .panic, actions: [])
        }
        let sinceLastUpdate = lastUpdate.map { (input.time - $0).secondsValue } ?? 0
        let outcome: DisciplineOutcome
        var actions: [DisciplineAction] = []
        var withheld = false
        if abs(input.offset) > parameters.stepThreshold {
            outcome = outlier(input, sinceLastUpdate: sinceLastUpdate, actions: &actions, withheld: &withheld)
        } else {
            outcome = inlier(input, sinceLastUpdate: sinceLastUpdate, actions: &actions)
        }
        if outcome == .slewed || outcome == .stepped {
            clockUpdates += 1
            actions += statusChanges(input)
        }
        return DisciplineResult(outcome: outcome, actions: actions, stepWithheld: withheld)
    }

    /// Whether the step limit still allows a step.
    var stepWindowOpen: Bool {
        parameters.stepLimit.map { clockUpdates < $0 } ?? true
    }

    /// The same loop with other parameters (a new poll range or step rules),
    /// from the frequency in force; the updates counted so far stay counted.
    public func retuned(_ parameters: DisciplineParameters, frequency: Double, systemPrecision: Int8) -> ClockDiscipline {
        var next = ClockDiscipline(parameters: parameters, initialFrequency: frequency, systemPrecision: systemPrecision)
        next.clockUpdates = clockUpdates
        return next
    }

    /// rstclock(): enter `state`, remembering the offset and the time.
    mutating func reset(to state: DisciplineState, time: MonotonicInstant, offset: Double) {
        self.state = state
        self.lastOffset = offset
        self.lastUpdate = time
    }

    /// `.setLeap` and `.setStatus`, only when they change.
    private mutating func statusChanges(_ input: DisciplineInput) -> [DisciplineAction] {
        var actions: [DisciplineAction] = []
        if announcedLeap != input.leap {
            announcedLeap = input.leap
            actions.append(.setLeap(input.leap))
        }
        let synchronized = state == .sync
        if announcedSynchronized != synchronized {
            announcedSynchronized = synchronized
            actions.append(.setStatus(ClockSyncStatus(
                synchronized: synchronized, estimatedError: jitter, maximumError: input.rootDistance
            )))
        }
        return actions
    }
}
