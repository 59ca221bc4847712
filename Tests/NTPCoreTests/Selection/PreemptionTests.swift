import Testing
@testable import NTPCore

/// When a preemptable association is dropped, from constructed selection outcomes.
@Suite struct PreemptionTests {
    static let victim = AssociationID(9)
    static let policy = PreemptionPolicy(pollLimit: 3, minimumOtherSurvivors: 3)

    static func statuses(victim: SourceSelectionStatus?, others: [SourceSelectionStatus]) -> [AssociationID: SourceSelectionStatus] {
        var statuses = Dictionary(uniqueKeysWithValues: others.enumerated().map { (AssociationID(UInt32($0.offset + 1)), $0.element) })
        statuses[Self.victim] = victim
        return statuses
    }

    static func tally(_ polls: [SourceSelectionStatus?]) -> PreemptionTally {
        var tally = PreemptionTally()
        for status in polls { tally.polled(status: status) }
        return tally
    }

    @Test func anOutlierIsDroppedAfterThePollLimitWhenThreeOthersSurvive() {
        let statuses = Self.statuses(victim: .outlier, others: [.systemPeer, .survivor, .survivor])
        let early = Self.tally([.outlier, .outlier])
        #expect(!Self.policy.shouldDemobilize(Self.victim, tally: early, statuses: statuses))
        let due = Self.tally([.outlier, .outlier, .falseticker])
        #expect(Self.policy.shouldDemobilize(Self.victim, tally: due, statuses: statuses))
    }

    @Test func survivingResetsTheCount() {
        let tally = Self.tally([.outlier, .outlier, .survivor, .outlier, .outlier])
        #expect(tally.pollsWithoutSurviving == 2)
        #expect(Self.tally([.outlier, .systemPeer]).pollsWithoutSurviving == 0)
    }

    @Test func anUnreachableOneIsDroppedAfterItsUnreachTimeout() {
        // Not a candidate at all: no status, every poll counts.
        let statuses = Self.statuses(victim: nil, others: [.systemPeer, .survivor, .survivor, .outlier])
        let tally = Self.tally([nil, nil, .ineligible(.unreachable)])
        #expect(Self.policy.shouldDemobilize(Self.victim, tally: tally, statuses: statuses))
        let defaults = PreemptionPolicy()
        #expect(defaults.pollLimit == ProtocolConstants.unreachThreshold)
        #expect(!defaults.shouldDemobilize(Self.victim, tally: tally, statuses: statuses))
    }

    @Test func isKeptWhileTooFewBetterSourcesSurvive() {
        let tally = Self.tally([.falseticker, .falseticker, .falseticker, .falseticker])
        let twoOthers = Self.statuses(victim: .falseticker, others: [.systemPeer, .survivor, .outlier, .falseticker])
        #expect(!Self.policy.shouldDemobilize(Self.victim, tally: tally, statuses: twoOthers))
        #expect(Self.policy.shouldRemobilize(twoOthers))
    }

    @Test func aSurvivorIsNeverDropped() {
        let statuses = Self.statuses(victim: .survivor, others: [.systemPeer, .survivor, .survivor])
        var tally = Self.tally([.outlier, .outlier, .outlier])
        #expect(Self.policy.shouldDemobilize(Self.victim, tally: tally, statuses: statuses))  // the count is what the poll saw
        tally.polled(status: .survivor)
        #expect(!Self.policy.shouldDemobilize(Self.victim, tally: tally, statuses: statuses))
        #expect(!Self.policy.shouldRemobilize(statuses))
    }
}
