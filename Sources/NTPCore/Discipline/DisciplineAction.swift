/// What the discipline asks a ``ClockDriver`` to do.
public enum DisciplineAction: Hashable, Sendable {
    /// Amortize `offset` seconds of phase (replacing any correction still
    /// pending) and set the frequency correction to `frequency` (for
    /// example 12e-6 for +12 ppm). ``PhaseAmortizer`` gives the rate.
    case slew(offset: Double, frequency: Double)
    /// Step the clock by `offset` seconds at once.
    case step(offset: Double)
    /// Announce a pending leap second (or clear it).
    case setLeap(LeapIndicator)
    /// Report synchronization status and error bounds to the system.
    case setStatus(ClockSyncStatus)
}

/// Synchronization status as the kernel (or a virtual clock) records it.
public struct ClockSyncStatus: Hashable, Sendable {
    public var synchronized: Bool
    /// Estimated error (the clock jitter), in seconds.
    public var estimatedError: Double
    /// Maximum error (root distance), in seconds.
    public var maximumError: Double

    public init(synchronized: Bool, estimatedError: Double, maximumError: Double) {
        self.synchronized = synchronized
        self.estimatedError = estimatedError
        self.maximumError = maximumError
    }
}

/// The discipline's verdict on one update (RFC 5905 `local_clock()` return).
public enum DisciplineOutcome: Hashable, Sendable {
    case ignored
    case slewed
    case stepped
    /// The offset exceeded the panic threshold; nothing was done.
    case panic
    /// A step was due but no majority of the sources backs it; nothing was
    /// done.
    case stepRefused
}

/// The outcome with the driver actions to execute in order.
public struct DisciplineResult: Hashable, Sendable {
    public var outcome: DisciplineOutcome
    public var actions: [DisciplineAction]
    /// A step was due after the step limit: the offset was slewed instead.
    public var stepWithheld: Bool

    public init(outcome: DisciplineOutcome, actions: [DisciplineAction], stepWithheld: Bool = false) {
        self.outcome = outcome
        self.actions = actions
        self.stepWithheld = stepWithheld
    }
}
