/// The offset estimate of an association whose minimum poll is one second
/// or less (``maximumPollExponent``), far below RFC 5905's MINPOLL (2^4 s),
/// as laboratories and loopback tests poll.
///
/// At such polls the eight-stage minimum-delay filter holds the same best
/// sample for up to eight polls, and the "use a sample once" rule lets the
/// clock be updated only when a new sample becomes the best: most samples
/// are thrown away. Here every fresh sample whose delay is close to the
/// recent minimum is used instead, and the offset passed on is not that one
/// noisy sample but the average of the recent low-delay samples, each
/// carried forward to now (in the spirit of chrony, which fits a line
/// through a source's recent samples).
///
/// Carrying forward: samples are kept as offsets from the *host* clock
/// (θ + correction at the time), so phase corrections the discipline made
/// since do not bias the average, and are moved to now along the
/// discipline's frequency correction (the loop's estimate of how fast host
/// and peer clocks drift apart). A frequency error the loop has not learnt
/// yet shows as a small lag, which the loop's frequency integrator then
/// removes; a fitted slope would remove it at once but, evaluated at the
/// newest sample, has four times the variance of the average.
///
/// A low-delay sample far from the average (more than SGATE residual RMSs)
/// is held back as a popcorn spike; a run of ``spikeLimit`` of them in a
/// row is taken as a real step of the peer's clock and restarts the
/// average.
public struct FastPollEstimator: Hashable, Sendable {
    /// Associations with a minimum poll exponent up to this use the
    /// estimator; slower ones keep the RFC filter unchanged.
    public static let maximumPollExponent: Int8 = 0
    /// Samples kept (oldest dropped first).
    public static let capacity = 64
    /// Consecutive spikes after which the average restarts.
    public static let spikeLimit = 4
    /// Samples needed before an estimate is given at all.
    public static let minimumSamples = 3
    /// Samples used before the spike test applies.
    static let minimumForSpikeTest = 8

    struct Point: Hashable, Sendable {
        /// Monotonic time in seconds.
        var time: Double
        /// θ + correction: the offset from the host clock.
        var hostOffset: Double
        var delay: Double
    }

    /// What became of a sample.
    public enum Verdict: Hashable, Sendable {
        /// The sample was used; `offset` is the estimate at its time, from
        /// the disciplined clock, `jitter` the RMS residual of the samples
        /// averaged, `frequency` the slope of the samples' host offsets
        /// once there are enough of them.
        case used(offset: Double, jitter: Double, frequency: FrequencyEstimate?)
        /// Kept for later averages but not used now: its delay is well
        /// above the recent minimum.
        case highDelay
        /// Held back: too far from the average of the recent samples.
        case popcornSpike
        /// Kept, but fewer than ``minimumSamples`` are known yet.
        case collecting
    }

    private(set) var points: [Point] = []
    private var consecutiveSpikes = 0

    public init() {}

    public var count: Int { points.count }

    /// Takes a sample measured when the clock driver's correction was
    /// `correction` and its frequency correction `rate`; `precision` is the
    /// system precision in seconds (the floor of the jitter and of the
    /// delay margin).
    public mutating func add(_ sample: ClockSample, correction: Double, rate: Double = 0, precision: Double) -> Verdict {
        let point = Point(time: sample.time.seconds, hostOffset: sample.offset + correction, delay: sample.delay)
        let before = Self.qualified(points, precision: precision)
        if before.count >= Self.minimumForSpikeTest, let fit = Self.average(before, at: point.time, rate: rate),
           point.delay <= Self.delayLimit(points + [point], precision: precision) {
            let gate = ProtocolConstants.spikeGate * max(fit.residualRMS, precision)
            if abs(point.hostOffset - fit.value) > gate {
                consecutiveSpikes += 1
                guard consecutiveSpikes >= Self.spikeLimit else { return .popcornSpike }
                points.removeAll()  // the peer's clock moved: start over
            }
        }
        consecutiveSpikes = 0
        points.append(point)
        if points.count > Self.capacity { points.removeFirst(points.count - Self.capacity) }
        guard points.count >= Self.minimumSamples else { return .collecting }
        guard point.delay <= Self.delayLimit(points, precision: precision) else { return .highDelay }
        let used = Self.qualified(points, precision: precision)
        let fit = Self.average(used, at: point.time, rate: rate) ?? Fit(value: point.hostOffset, residualRMS: precision)
        return .used(offset: fit.value - correction, jitter: max(fit.residualRMS, precision), frequency: Self.slope(used))
    }

    /// Least-squares slope of the host offsets over time, with its standard
    /// error; `nil` below ``minimumForSpikeTest`` points.
    static func slope(_ points: [Point]) -> FrequencyEstimate? {
        guard points.count >= minimumForSpikeTest else { return nil }
        let count = Double(points.count)
        let meanTime = points.reduce(0) { $0 + $1.time } / count
        let meanOffset = points.reduce(0) { $0 + $1.hostOffset } / count
        var covariance = 0.0, variance = 0.0
        for point in points {
            covariance += (point.time - meanTime) * (point.hostOffset - meanOffset)
            variance += (point.time - meanTime) * (point.time - meanTime)
        }
        guard variance > 0 else { return nil }
        let slope = covariance / variance
        var squares = 0.0
        for point in points {
            let residual = point.hostOffset - meanOffset - slope * (point.time - meanTime)
            squares += residual * residual
        }
        return FrequencyEstimate(value: slope, standardError: (squares / (count - 2) / variance).squareRoot())
    }

    /// Forgets every sample, as after a clock step.
    public mutating func reset() {
        self = FastPollEstimator()
    }

    /// The delay above which a sample is left out: the minimum plus twice
    /// the median excess over it (plus the precision), so about the better
    /// half of the samples and every sample when delays hardly vary.
    static func delayLimit(_ points: [Point], precision: Double) -> Double {
        guard let minimum = points.map(\.delay).min() else { return .infinity }
        let excess = points.map { $0.delay - minimum }.sorted()
        return minimum + 2 * excess[excess.count / 2] + precision
    }

    static func qualified(_ points: [Point], precision: Double) -> [Point] {
        let limit = delayLimit(points, precision: precision)
        return points.filter { $0.delay <= limit }
    }

    struct Fit {
        var value: Double
        var residualRMS: Double
    }

    /// The mean of the points' host offsets carried to `time` along `rate`,
    /// with the RMS of their residuals.
    static func average(_ points: [Point], at time: Double, rate: Double) -> Fit? {
        guard !points.isEmpty else { return nil }
        let count = Double(points.count)
        let value = points.reduce(0) { $0 + $1.hostOffset + rate * (time - $1.time) } / count
        var squares = 0.0
        for point in points {
            let residual = point.hostOffset + rate * (time - point.time) - value
            squares += residual * residual
        }
        return Fit(value: value, residualRMS: (squares / max(count - 1, 1)).squareRoot())
    }
}
