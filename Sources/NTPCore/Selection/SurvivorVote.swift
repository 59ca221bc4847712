/// What the survivors of selection must agree on before the clock acts on
/// it: a step, and a leap second. Selection's combined offset weights the
/// survivors and follows a prefer peer, so one source can carry it; a step
/// of the clock and a leap second are taken only when a majority of the
/// sources that took part in selection say so themselves (ntpd votes on
/// leap bits the same way).
public enum SurvivorVote {
    /// Whether a step by `offset` is backed: more than half of the eligible
    /// candidates are survivors whose own offset is beyond `threshold` in
    /// the same direction.
    public static func backsStep(_ offset: Double, threshold: Double, outcome: SelectionOutcome) -> Bool {
        let agreeing = outcome.survivorCandidates.filter { candidate in
            abs(candidate.offset) > threshold && (candidate.offset > 0) == (offset > 0)
        }.count
        return 2 * agreeing > outcome.eligibleCount
    }

    /// The leap warning more than half of the survivors announce; no
    /// warning otherwise.
    public static func leap(_ outcome: SelectionOutcome) -> LeapIndicator {
        let survivors = outcome.survivorCandidates
        for warning in [LeapIndicator.lastMinuteHas61Seconds, .lastMinuteHas59Seconds] {
            if 2 * survivors.filter({ $0.leap == warning }).count > survivors.count { return warning }
        }
        return .noWarning
    }
}
