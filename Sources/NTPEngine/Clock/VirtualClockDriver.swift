import Glibc
public import NTPCore

/// The default clock: host time plus a correction the discipline steers.
/// The host clock is never touched.
///
///     correction(t) = base + frequency·(t − t₀) + pending·(1 − e^{−(t − t₀)/τ})
///
/// where τ = PLL gain · min(2^poll, Allan intercept), the continuous form of
/// RFC 5905's once-a-second `clock_adjust()` (``PhaseAmortizer``), or half a
/// poll at laboratory polls (``DisciplineParameters/phaseTimeConstant(pollExponent:)``).
public struct VirtualClockDriver: EngineClockDriver {
    public private(set) var frequency: Double = 0
    public private(set) var leap: LeapIndicator = .noWarning
    public private(set) var status: ClockSyncStatus?
    public private(set) var steps: [Double] = []
    private var base: Double = 0
    private var pending: Double = 0
    private var origin: MonotonicInstant?
    private var timeConstant: Double
    private let parameters: DisciplineParameters

    public init(parameters: DisciplineParameters = DisciplineParameters()) {
        self.parameters = parameters
        self.timeConstant = Self.timeConstant(pollExponent: parameters.minimumPollExponent, parameters: parameters)
    }

    public func correction(at monotonic: MonotonicInstant) -> Double {
        guard let origin else { return base }
        let elapsed = max((monotonic - origin).secondsValue, 0)
        return base + frequency * elapsed + pending * (1 - exp(-elapsed / timeConstant))
    }

    public func wallTime(for reading: HostReading) -> NTPTimestamp {
        reading.realtime + NTPInterval(seconds: correction(at: reading.monotonic))
    }

    public func localTime(for reading: HostReading) -> LocalTimestamp {
        let correction = correction(at: reading.monotonic)
        return LocalTimestamp(
            wall: reading.realtime + NTPInterval(seconds: correction), monotonic: reading.monotonic,
            correction: correction, correctionRate: frequency
        )
    }

    /// Folds the correction so far into `base` and restarts from `monotonic`.
    public mutating func advance(to monotonic: MonotonicInstant, pollExponent: Int8) {
        if let origin {
            let elapsed = max((monotonic - origin).secondsValue, 0)
            base = correction(at: monotonic)
            pending *= exp(-elapsed / timeConstant)
        }
        origin = monotonic
        timeConstant = Self.timeConstant(pollExponent: pollExponent, parameters: parameters)
    }

    private static func timeConstant(pollExponent: Int8, parameters: DisciplineParameters) -> Double {
        parameters.phaseTimeConstant(pollExponent: pollExponent)
    }

    public func readFrequency() -> Double { frequency }
    public mutating func setFrequency(_ frequency: Double) { self.frequency = frequency }
    public mutating func accrueOffset(_ offset: Double) { pending = offset }

    public mutating func applyStep(_ offset: Double) {
        base += offset
        pending = 0
        steps.append(offset)
    }

    public mutating func setLeap(_ leap: LeapIndicator) { self.leap = leap }
    public mutating func setSyncStatus(_ status: ClockSyncStatus) { self.status = status }
}
