public import NTPCore

/// Start-up parameters of an engine that no configuration changes.
public struct EngineOptions: Sendable {
    /// Log2 of the clock precision announced (−20 ≈ 1 µs).
    public var precision: Int8
    public var discipline: DisciplineParameters
    /// A known frequency correction; `nil` measures it first (RFC 5905's
    /// NSET → FREQ, which takes the stepout interval). The virtual clock
    /// runs at host frequency, so 0 is known exactly.
    public var initialFrequency: Double?
    /// Seed of the poll-time jitter; fixed in tests, random by default.
    public var randomSeed: UInt64
    /// Overrides every broadcast server's poll exponent (a hidden setting
    /// for laboratories and tests; the model has no broadcast poll).
    public var broadcastPollExponent: Int8?
    /// When associations configured with `preempt` are dropped.
    public var preemption: PreemptionPolicy

    public init(
        precision: Int8 = -20,
        discipline: DisciplineParameters = EngineOptions.virtualClockDiscipline,
        initialFrequency: Double? = 0,
        randomSeed: UInt64 = UInt64.random(in: 0...UInt64.max),
        broadcastPollExponent: Int8? = nil,
        preemption: PreemptionPolicy = PreemptionPolicy()
    ) {
        self.precision = precision
        self.discipline = discipline
        self.initialFrequency = initialFrequency
        self.randomSeed = randomSeed
        self.broadcastPollExponent = broadcastPollExponent
        self.preemption = preemption
    }

    /// The RFC constants without the panic threshold: stepping a virtual
    /// clock by any amount harms no one.
    public static let virtualClockDiscipline = DisciplineParameters(panicThreshold: nil)
}
