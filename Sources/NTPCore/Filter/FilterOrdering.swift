/// The arithmetic steps of the clock filter over the sorted stages.
enum FilterOrdering {
    struct AgedSample {
        var sample: ClockSample
        /// Dispersion grown by Φ·(now − t).
        var dispersion: Double
        var isValid: Bool { dispersion < ProtocolConstants.maximumDispersion }
    }

    /// Ages each stage's dispersion and sorts valid samples by increasing
    /// delay, newest first among equals, with dummy samples last.
    static func byDelay(_ stages: [ClockSample], now: MonotonicInstant) -> [AgedSample] {
        let aged = stages.enumerated().map { index, sample in
            let age = max((now - sample.time).secondsValue, 0)
            let dispersion = min(sample.dispersion + ProtocolConstants.frequencyTolerance * age,
                                 ProtocolConstants.maximumDispersion)
            return (index, AgedSample(sample: sample, dispersion: dispersion))
        }
        return aged.sorted { lhs, rhs in
            if lhs.1.isValid != rhs.1.isValid { return lhs.1.isValid }
            if lhs.1.sample.delay != rhs.1.sample.delay { return lhs.1.sample.delay < rhs.1.sample.delay }
            return lhs.0 < rhs.0
        }.map(\.1)
    }

    /// ε = Σ ε_i / 2^(i+1) over all eight stages, empty ones at MAXDISP.
    static func filterDispersion(_ ordered: [AgedSample]) -> Double {
        var total = 0.0
        for index in 0..<ClockFilter.stageCount {
            let dispersion = index < ordered.count ? ordered[index].dispersion : ProtocolConstants.maximumDispersion
            total += dispersion / Double(sign: .plus, exponent: index + 1, significand: 1)
        }
        return total
    }

    /// The same weights over the valid stages only, normalized: what the
    /// fast-poll mode reports, where a few fresh samples a fraction of a
    /// second apart already say more than eight RFC polls would.
    static func filledDispersion(_ ordered: [AgedSample]) -> Double? {
        var total = 0.0, weights = 0.0
        for (index, stage) in ordered.prefix(ClockFilter.stageCount).enumerated() where stage.isValid {
            let weight = Double(sign: .plus, exponent: -(index + 1), significand: 1)
            total += stage.dispersion * weight
            weights += weight
        }
        return weights > 0 ? total / weights : nil
    }

    /// ψ = RMS of the valid samples' offsets from the best one, floored at
    /// the system precision.
    static func jitter(_ ordered: [AgedSample], precision: Double) -> Double {
        let valid = ordered.filter(\.isValid)
        guard valid.count > 1 else { return precision }
        let best = valid[0].sample.offset
        let sumOfSquares = valid.dropFirst().reduce(0.0) { total, stage in
            let difference = stage.sample.offset - best
            return total + difference * difference
        }
        return max((sumOfSquares / Double(valid.count - 1)).squareRoot(), precision)
    }
}
