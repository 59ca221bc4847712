/// The clustering algorithm (RFC 5905 §11.2.2, A.5.5.1): repeatedly drops
/// the survivor with the largest selection jitter until that jitter is
/// below the smallest peer jitter or only NMIN survivors are left.
enum Clustering {
    struct Result {
        /// Survivors in order of preference (stratum, then root distance).
        var survivors: [SelectionCandidate]
        var outliers: [SelectionCandidate]
    }

    static func prune(_ truechimers: [SelectionCandidate], minimumSurvivors: Int) -> Result {
        var survivors = truechimers.sorted { ($0.metric, $0.id) < ($1.metric, $1.id) }
        var outliers: [SelectionCandidate] = []
        while survivors.count > max(minimumSurvivors, 1) {
            let minimumPeerJitter = survivors.map(\.jitter).min() ?? 0
            let jitters = survivors.map { selectionJitter(of: $0, among: survivors) }
            guard let worst = jitters.indices.max(by: { jitters[$0] < jitters[$1] }),
                  jitters[worst] >= minimumPeerJitter else { break }
            outliers.append(survivors.remove(at: worst))
        }
        return Result(survivors: survivors, outliers: outliers)
    }

    /// φ_s = sqrt(Σ (θ − θ_j)² / (n − 1)) over the other survivors.
    static func selectionJitter(of candidate: SelectionCandidate, among survivors: [SelectionCandidate]) -> Double {
        guard survivors.count > 1 else { return 0 }
        let sum = survivors.reduce(0.0) { total, other in
            let difference = candidate.offset - other.offset
            return total + difference * difference
        }
        return (sum / Double(survivors.count - 1)).squareRoot()
    }
}
