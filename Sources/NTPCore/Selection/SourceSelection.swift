/// Source selection as one pure function (RFC 5905 §11.2): eligibility,
/// intersection, clustering, system-peer choice and combine. The inside-out
/// form of ntpd's `clock_select(void)`.
public enum SourceSelection {
    public static func select(
        _ candidates: [SelectionCandidate],
        constraints: SelectionConstraints = SelectionConstraints()
    ) -> SelectionOutcome {
        var statuses: [AssociationID: SourceSelectionStatus] = [:]
        var eligible: [SelectionCandidate] = []
        for candidate in candidates {
            if let reason = Eligibility.reason(candidate, constraints: constraints) {
                statuses[candidate.id] = .ineligible(reason)
            } else {
                eligible.append(candidate)
            }
        }
        guard let interval = Intersection.find(eligible) else {
            for candidate in eligible { statuses[candidate.id] = .falseticker }
            return SelectionOutcome(statuses: statuses, systemPeer: nil, combined: nil)
        }
        let truechimers = eligible.filter { Intersection.isTruechimer($0, in: interval) }
        for candidate in eligible where !truechimers.contains(candidate) {
            statuses[candidate.id] = .falseticker
        }
        guard truechimers.count >= max(constraints.minimumSurvivors, 1) else {
            for candidate in truechimers { statuses[candidate.id] = .outlier }
            return SelectionOutcome(statuses: statuses, systemPeer: nil, combined: nil)
        }
        return finish(truechimers, statuses: statuses, constraints: constraints, eligibleCount: eligible.count)
    }

    private static func finish(
        _ truechimers: [SelectionCandidate],
        statuses: [AssociationID: SourceSelectionStatus],
        constraints: SelectionConstraints,
        eligibleCount: Int
    ) -> SelectionOutcome {
        var statuses = statuses
        let cluster = Clustering.prune(truechimers, minimumSurvivors: constraints.minimumClusterSurvivors)
        for outlier in cluster.outliers { statuses[outlier.id] = .outlier }
        let peer = chooseSystemPeer(cluster.survivors, current: constraints.currentSystemPeer)
        for survivor in cluster.survivors {
            statuses[survivor.id] = survivor.id == peer.id ? .systemPeer : .survivor
        }
        return SelectionOutcome(
            statuses: statuses,
            systemPeer: peer.id,
            combined: Combine.combine(cluster.survivors, systemPeer: peer),
            survivorCandidates: cluster.survivors,
            eligibleCount: eligibleCount
        )
    }

    /// A surviving prefer peer wins; otherwise the current system peer is
    /// kept when it is at the best survivor's stratum; otherwise the best.
    private static func chooseSystemPeer(_ survivors: [SelectionCandidate], current: AssociationID?) -> SelectionCandidate {
        if let preferred = survivors.first(where: \.isPreferred) { return preferred }
        let best = survivors[0]
        if let current, let incumbent = survivors.first(where: { $0.id == current }), incumbent.stratum == best.stratum {
            return incumbent
        }
        return best
    }
}
