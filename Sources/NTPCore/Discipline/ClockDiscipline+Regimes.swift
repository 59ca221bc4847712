extension ClockDiscipline {
    /// Below this the PLL alone corrects the frequency (dimensionless).
    static let frequencyHintFloor = 0.25e-6

    /// |offset| above the step threshold: ignore a first spike, wait out
    /// the stepout interval, then step (RFC 5905 A.5.5.6, first regime).
    /// A step needs the majority's backing (refused without it) and an open
    /// step window (slewed instead after it, `withheld` set).
    mutating func outlier(
        _ input: DisciplineInput, sinceLastUpdate: Double, actions: inout [DisciplineAction], withheld: inout Bool
    ) -> DisciplineOutcome {
        switch state {
        case .sync:
            state = .spike
            return .ignored
        case .frequencyMeasure, .spike:
            guard sinceLastUpdate >= parameters.stepoutInterval else { return .ignored }
        case .unset, .frequencySet:
            break
        }
        guard input.majorityBacksStep else { return .stepRefused }
        guard stepWindowOpen else {
            withheld = true
            return inlier(input, sinceLastUpdate: sinceLastUpdate, actions: &actions)
        }
        if state == .frequencyMeasure {
            setFrequency(frequency + (input.offset - lastOffset) / sinceLastUpdate)
        }
        actions.append(.step(offset: input.offset))
        pollAdjustCounter = 0
        pollExponent = parameters.minimumPollExponent
        if state == .unset {
            reset(to: .frequencyMeasure, time: input.time, offset: 0)
        } else {
            reset(to: .sync, time: input.time, offset: 0)
        }
        return .stepped
    }

    /// |offset| within the step threshold: measure frequency at start-up,
    /// then track with the PLL and FLL (RFC 5905 A.5.5.6, second regime).
    mutating func inlier(_ input: DisciplineInput, sinceLastUpdate: Double, actions: inout [DisciplineAction]) -> DisciplineOutcome {
        updateJitter(input.offset)
        var adjustment = 0.0
        switch state {
        case .unset:
            reset(to: .frequencyMeasure, time: input.time, offset: input.offset)
            return .ignored
        case .frequencySet:
            break
        case .frequencyMeasure:
            guard sinceLastUpdate >= parameters.stepoutInterval else { return .ignored }
            adjustment = (input.offset - lastOffset) / sinceLastUpdate
        case .sync, .spike:
            adjustment = loopAdjustment(input.offset, sinceLastUpdate: sinceLastUpdate)
            // Fast polls: the estimator's slope says the frequency is off by
            // clearly more than its noise (5 standard errors, which
            // understate it when the path delay wanders, and 0.25 ppm);
            // move halfway to it at once (an FLL step) instead of waiting for
            // the PLL, whose gain stays small there.
            if let hint = input.frequencyHint,
               abs(hint.value - frequency) > max(5 * hint.standardError, Self.frequencyHintFloor) {
                adjustment += (hint.value - frequency) / 2
            }
        }
        reset(to: .sync, time: input.time, offset: input.offset)
        setFrequency(frequency + adjustment)
        adjustPoll()
        actions.append(.slew(offset: input.offset, frequency: frequency))
        return .slewed
    }

    /// The PLL contribution always; the FLL contribution above half the
    /// Allan intercept.
    private func loopAdjustment(_ offset: Double, sinceLastUpdate: Double) -> Double {
        let pollInterval = ProtocolConstants.seconds(log2: pollExponent)
        var adjustment = 0.0
        if pollInterval > parameters.allanIntercept / 2 {
            let fllGain = max(Double(ProtocolConstants.maximumPollExponent) + 1 - Double(pollExponent), parameters.averaging)
            adjustment += (offset - lastOffset) / (max(sinceLastUpdate, parameters.allanIntercept) * fllGain)
        }
        let integration = min(sinceLastUpdate, pollInterval)
        // Below 1 s the frequency gain stays that of 1 s polls: the phase
        // still follows the poll (the driver slews over PLL·2^poll), but an
        // integrator as fast as the phase would turn every start-up offset
        // into a frequency error that takes minutes to unwind.
        let loopScale = 4 * parameters.pllGain * max(pollInterval, 1)
        adjustment += offset * integration / (loopScale * loopScale)
        return adjustment
    }

    private mutating func updateJitter(_ offset: Double) {
        let previous = jitter * jitter
        let difference = max(abs(offset - lastOffset), precision)
        jitter = (previous + (difference * difference - previous) / parameters.averaging).squareRoot()
    }

    /// Clamps the frequency and updates the wander.
    private mutating func setFrequency(_ value: Double) {
        let change = value - frequency
        frequency = min(max(value, -parameters.maximumFrequency), parameters.maximumFrequency)
        let previous = wander * wander
        wander = (previous + (change * change - previous) / parameters.averaging).squareRoot()
    }

    /// Lengthens the poll interval while offsets stay within PGATE jitters,
    /// shortens it otherwise, with hysteresis.
    private mutating func adjustPoll() {
        // ntpd counts by the poll exponent; below 2^1 s count by one so the
        // hysteresis still works at laboratory polls.
        let poll = max(Int(pollExponent), 1)
        let limit = parameters.pollAdjustLimit
        if abs(lastOffset) < parameters.pollGate * jitter {
            pollAdjustCounter += poll
            if pollAdjustCounter > limit {
                pollAdjustCounter = limit
                if pollExponent < parameters.maximumPollExponent { pollAdjustCounter = 0; pollExponent += 1 }
            }
        } else {
            pollAdjustCounter -= poll << 1
            if pollAdjustCounter < -limit {
                pollAdjustCounter = -limit
                if pollExponent > parameters.minimumPollExponent { pollAdjustCounter = 0; pollExponent -= 1 }
            }
        }
    }
}
