import TestSupport
import Foundation
import Testing
@testable import NTPCore

/// The fast-poll estimator and the clock filter's fast-poll mode, with
/// constructed samples on a manual timeline (no sleeping).
@Suite struct FastPollEstimatorTests {
    static let precision = 1e-9
    static let fast = FilterContext(systemPrecision: -30, systemPollExponent: -2, clockSynchronized: true, fastPolling: true)
    static let rfc = FilterContext(systemPrecision: -30, systemPollExponent: -2, clockSynchronized: true, fastPolling: false)

    /// Gaussian noise from a seeded generator (Box–Muller).
    static func gaussian(_ generator: inout SeededGenerator) -> Double {
        let u1 = max(Double.random(in: 0..<1, using: &generator), 1e-12)
        let u2 = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    static func sample(offset: Double, delay: Double = 30e-6, at seconds: Double) -> ClockSample {
        ClockSample(offset: offset, delay: delay, dispersion: 1e-6, time: .seconds(seconds))
    }

    @Test func subSecondPollIntervals() {
        #expect(PollProcess.interval(-2) == .milliseconds(250))
        #expect(PollProcess.interval(-1) == .milliseconds(500))
        #expect(PollProcess.interval(0) == .seconds(1))
        #expect(PollProcess.interval(6) == .seconds(64))
    }

    @Test func constantOffsetConverges() {
        var estimator = FastPollEstimator()
        var generator = SeededGenerator(seed: 1)
        var last: Double?
        for index in 0..<64 {
            let noisy = 0.001 + 2e-6 * Self.gaussian(&generator)
            if case .used(let offset, _, _) = estimator.add(Self.sample(offset: noisy, at: Double(index) / 4), correction: 0, precision: Self.precision) {
                last = offset
            }
        }
        let estimate = try! #require(last)
        #expect(abs(estimate - 0.001) < 1e-6)
    }

    /// Samples are kept relative to the host clock: a correction applied
    /// between samples does not bias the average.
    @Test func correctionsBetweenSamplesAreCompensated() {
        var estimator = FastPollEstimator()
        var correction = 0.0
        var last: Double?
        for index in 0..<20 {
            // The peer is 100 µs ahead of the host; the driver has moved the clock by `correction`.
            if case .used(let offset, _, _) = estimator.add(Self.sample(offset: 100e-6 - correction, at: Double(index)), correction: correction, precision: Self.precision) {
                last = offset
            }
            correction += 5e-6
        }
        #expect(abs(last! - (100e-6 - 95e-6)) < 1e-12)
    }

    @Test func highDelaySamplesAreNotUsed() {
        var estimator = FastPollEstimator()
        for index in 0..<16 {
            _ = estimator.add(Self.sample(offset: 0, delay: 30e-6 + Double(index % 4) * 1e-6, at: Double(index)), correction: 0, precision: Self.precision)
        }
        #expect(estimator.add(Self.sample(offset: 40e-6, delay: 300e-6, at: 16), correction: 0, precision: Self.precision) == .highDelay)
    }

    @Test func popcornSpikeRejectedThenARealStepAccepted() {
        var estimator = FastPollEstimator()
        var generator = SeededGenerator(seed: 2)
        for index in 0..<16 {
            _ = estimator.add(Self.sample(offset: 1e-6 * Self.gaussian(&generator), at: Double(index)), correction: 0, precision: Self.precision)
        }
        #expect(estimator.add(Self.sample(offset: 1e-3, at: 16), correction: 0, precision: Self.precision) == .popcornSpike)
        #expect(estimator.add(Self.sample(offset: 1e-3, at: 17), correction: 0, precision: Self.precision) == .popcornSpike)
        #expect(estimator.add(Self.sample(offset: 1e-3, at: 18), correction: 0, precision: Self.precision) == .popcornSpike)
        // The fourth in a row: the peer's clock really moved; the average
        // restarts and gives an estimate again once it has enough samples.
        #expect(estimator.add(Self.sample(offset: 1e-3, at: 19), correction: 0, precision: Self.precision) == .collecting)
        #expect(estimator.add(Self.sample(offset: 1e-3, at: 20), correction: 0, precision: Self.precision) == .collecting)
        guard case .used(let offset, _, _) = estimator.add(Self.sample(offset: 1e-3, at: 21), correction: 0, precision: Self.precision) else {
            Issue.record("a persistent step was not accepted")
            return
        }
        #expect(abs(offset - 1e-3) < 1e-12)
    }

    /// The same noisy samples through the RFC filter and the fast mode:
    /// fast mode updates at (nearly) every poll and its estimates scatter
    /// far less.
    @Test func fastModeUsesMoreSamplesWithLessNoise() {
        func run(_ context: FilterContext) -> (updates: Int, rms: Double) {
            var filter = ClockFilter()
            var generator = SeededGenerator(seed: 3)
            var squares = 0.0, updates = 0
            for index in 0..<400 {
                let delay = 30e-6 + 5e-6 * abs(Self.gaussian(&generator))
                let sample = Self.sample(offset: 2e-6 * Self.gaussian(&generator), delay: delay, at: Double(index) / 4)
                guard let update = filter.add(sample, context: context) else { continue }
                guard update.disposition == .fresh else { continue }
                filter.markUsed(update.estimate)
                if index >= 100 {
                    updates += 1
                    squares += update.estimate.offset * update.estimate.offset
                }
            }
            return (updates, (squares / Double(max(updates, 1))).squareRoot())
        }
        let rfc = run(Self.rfc)
        let fast = run(Self.fast)
        #expect(fast.updates > 2 * rfc.updates)
        #expect(fast.rms < rfc.rms / 2)
    }

    @Test func popcornSpikeInFastFilterIsHeldBack() {
        var filter = ClockFilter()
        for index in 0..<16 {
            let update = filter.add(Self.sample(offset: 1e-6 * Double(index % 2), at: Double(index) / 4), context: Self.fast)!
            if update.disposition == .fresh { filter.markUsed(update.estimate) }
        }
        let spike = filter.add(Self.sample(offset: 0.5, delay: 29e-6, at: 4), context: Self.fast)!
        #expect(spike.disposition == .popcornSpike)
        #expect(abs(spike.estimate.offset) < 1e-5)
    }

    /// The whole loop at poll 2^-2 s: a host clock 5 ppm fast against the
    /// peer and 100 µs off, noisy samples, the RFC discipline driving a
    /// correction like the virtual clock's. The frequency error is learnt
    /// and the phase error ends well under the sample noise.
    @Test func loopRemovesConstantOffsetAndFrequencyError() {
        var parameters = DisciplineParameters(panicThreshold: nil, minimumPollExponent: -2, maximumPollExponent: -2)
        parameters.stepThreshold = 0.128
        var discipline = ClockDiscipline(parameters: parameters, initialFrequency: 0, systemPrecision: -30)
        var filter = ClockFilter()
        var generator = SeededGenerator(seed: 4)
        let hostFrequencyError = 5e-6, initialOffset = 100e-6, step = 0.25
        let tau = parameters.phaseTimeConstant(pollExponent: -2)
        var correction = 0.0, frequency = 0.0, pending = 0.0
        var errors: [Double] = []
        for index in 0..<16000 {
            let time = Double(index) * step
            // Peer minus host clock, and the disciplined clock's error against the peer.
            let hostOffset = initialOffset + hostFrequencyError * time
            let error = hostOffset - correction
            if index >= 15000 { errors.append(error) }
            let sample = Self.sample(offset: error + 1e-6 * Self.gaussian(&generator), at: time)
            let clock = LocalTimestamp(wall: .zero, monotonic: .seconds(time), correction: correction, correctionRate: frequency)
            if let update = filter.add(sample, clock: clock, context: Self.fast), update.disposition == .fresh {
                filter.markUsed(update.estimate)
                let result = discipline.update(DisciplineInput(offset: update.estimate.offset, time: .seconds(time), frequencyHint: update.estimate.frequency))
                for case .slew(let offset, let newFrequency) in result.actions {
                    pending = offset
                    frequency = newFrequency
                }
            }
            let decay = exp(-step / tau)
            correction += frequency * step + pending * (1 - decay)
            pending *= decay
        }
        let rms = (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
        #expect(abs(frequency - hostFrequencyError) < 0.2e-6)
        #expect(rms < 1e-6)
    }
}
