/// The intersection algorithm (RFC 5905 §11.2.1, A.5.5.1): finds the
/// smallest interval containing points of the largest number of
/// correctness intervals, allowing fewer than half to be falsetickers.
///
/// Like ntpd's and chrony's implementations, only interval endpoints are
/// counted. The RFC's extra rule that midpoints must fall inside the
/// intersection rejects honest but wide intervals centred elsewhere.
enum Intersection {
    struct Interval: Hashable {
        var low: Double
        var high: Double
    }

    private struct Edge {
        var value: Double
        /// −1 for a lower bound, +1 for an upper bound.
        var type: Int
    }

    /// The majority interval, or `nil` when no majority agrees.
    static func find(_ candidates: [SelectionCandidate]) -> Interval? {
        let edges = sortedEdges(candidates)
        let count = candidates.count
        var allow = 0
        while 2 * allow < count {
            if let low = scan(edges, required: count - allow, sign: -1),
               let high = scan(edges.reversed(), required: count - allow, sign: 1),
               high > low {
                return Interval(low: low, high: high)
            }
            allow += 1
        }
        return nil
    }

    /// Candidates whose correctness interval overlaps the intersection.
    static func isTruechimer(_ candidate: SelectionCandidate, in interval: Interval) -> Bool {
        candidate.upperBound >= interval.low && candidate.lowerBound <= interval.high
    }

    /// Lower bounds sort before upper bounds at equal values, so touching
    /// intervals count as overlapping.
    private static func sortedEdges(_ candidates: [SelectionCandidate]) -> [Edge] {
        candidates.flatMap { candidate in
            [Edge(value: candidate.lowerBound, type: -1), Edge(value: candidate.upperBound, type: 1)]
        }.sorted { ($0.value, $0.type) < ($1.value, $1.type) }
    }

    /// Scans edges until `required` intervals are open at once.
    private static func scan(_ edges: some Sequence<Edge>, required: Int, sign: Int) -> Double? {
        var chime = 0
        for edge in edges {
            chime += sign * edge.type
            if chime >= required { return edge.value }
        }
        return nil
    }
}
