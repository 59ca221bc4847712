/// When a preemptable association (meridian-ntp `preempt`) is dropped, after
/// ntpd's rule for FLAG_PREEMPT: it counts its polls since selection last kept
/// it, and once that count reaches `pollLimit` while at least
/// `minimumOtherSurvivors` other sources survive selection, it is dropped.
/// An unreachable source never survives, so an unreachable preemptable one is
/// dropped after `pollLimit` polls (the unreach timeout) on the same condition.
///
/// The default of three other survivors is NMIN, the number clustering keeps:
/// dropping the source cannot shrink the set the clock is combined from.
/// When fewer survive than that, dropped associations are brought back
/// (``shouldRemobilize(_:)``): the better ones no longer exist.
public struct PreemptionPolicy: Hashable, Sendable {
    /// Polls in a row without surviving selection before the drop.
    public var pollLimit: Int
    /// Survivors of selection, other than the association, that must exist.
    public var minimumOtherSurvivors: Int

    public init(pollLimit: Int = ProtocolConstants.unreachThreshold, minimumOtherSurvivors: Int = 3) {
        self.pollLimit = max(pollLimit, 1)
        self.minimumOtherSurvivors = max(minimumOtherSurvivors, 1)
    }

    /// Whether the association `id`, with `tally`, is dropped now, given the
    /// last selection's `statuses`.
    public func shouldDemobilize(
        _ id: AssociationID, tally: PreemptionTally, statuses: [AssociationID: SourceSelectionStatus]
    ) -> Bool {
        guard tally.pollsWithoutSurviving >= pollLimit else { return false }
        let others = statuses.lazy.filter { $0.key != id && $0.value.isSurvivor }.count
        return others >= minimumOtherSurvivors
    }

    /// Whether associations dropped earlier come back: fewer sources than
    /// ``minimumOtherSurvivors`` survive the last selection.
    public func shouldRemobilize(_ statuses: [AssociationID: SourceSelectionStatus]) -> Bool {
        statuses.values.lazy.filter(\.isSurvivor).count < minimumOtherSurvivors
    }
}

/// One preemptable association's count of polls since selection last kept it
/// (ntpd reuses `unreach` for this; here it has its own counter).
public struct PreemptionTally: Hashable, Sendable {
    public private(set) var pollsWithoutSurviving = 0

    public init() {}

    /// A regular poll (not a burst packet) went out; `status` is where the
    /// last selection left the association (`nil`: it was not a candidate).
    public mutating func polled(status: SourceSelectionStatus?) {
        if status?.isSurvivor == true {
            pollsWithoutSurviving = 0
        } else {
            pollsWithoutSurviving += 1
        }
    }
}

extension SourceSelectionStatus {
    /// The system peer or another survivor of clustering.
    public var isSurvivor: Bool { self == .systemPeer || self == .survivor }
}
