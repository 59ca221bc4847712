import Testing
@testable import NTPCore

@Suite struct SourceSelectionTests {
    static func candidate(
        _ id: UInt32, offset: Double, distance: Double = 0.01, jitter: Double = 0.001,
        stratum: UInt8 = 2, prefer: Bool = false
    ) -> SelectionCandidate {
        SelectionCandidate(
            id: AssociationID(id), offset: offset, rootDistance: distance, jitter: jitter,
            stratum: stratum, isPreferred: prefer
        )
    }

    @Test func flagsAFalsetickerAndCombinesTheRest() throws {
        let outcome = SourceSelection.select([
            Self.candidate(1, offset: 0.010),
            Self.candidate(2, offset: 0.012),
            Self.candidate(3, offset: 0.011),
            Self.candidate(4, offset: 0.500),
        ])
        #expect(outcome.falsetickers == [AssociationID(4)])
        #expect(outcome.truechimers == [AssociationID(1), AssociationID(2), AssociationID(3)])
        #expect(outcome.isSynchronized)
        let combined = try #require(outcome.combined)
        #expect(abs(combined.offset - 0.011) < 1e-9)
    }

    @Test func intersectionOfTheRFCStyleExample() throws {
        // Three intervals overlap around 11…12; the fourth is disjoint.
        let interval = try #require(Intersection.find([
            Self.candidate(1, offset: 10, distance: 2),
            Self.candidate(2, offset: 12, distance: 1),
            Self.candidate(3, offset: 11.5, distance: 1),
            Self.candidate(4, offset: 20, distance: 1),
        ]))
        #expect(interval.low == 11)
        #expect(interval.high == 12)
    }

    @Test func noMajorityMeansNoSystemPeer() {
        let outcome = SourceSelection.select([
            Self.candidate(1, offset: 0),
            Self.candidate(2, offset: 1),
        ])
        #expect(!outcome.isSynchronized)
        #expect(outcome.falsetickers.count == 2)
        #expect(outcome.combined == nil)
    }

    @Test func neverSelectsASourceAtOrAboveTheLocalClockStratum() {
        let constraints = SelectionConstraints(localClockStratum: 2)
        let outcome = SourceSelection.select(
            [Self.candidate(1, offset: 0, stratum: 2), Self.candidate(2, offset: 0, stratum: 3)],
            constraints: constraints
        )
        #expect(!outcome.isSynchronized)
        #expect(outcome.statuses[AssociationID(1)] == .ineligible(.stratumNotBelowLocalClock))
        #expect(outcome.statuses[AssociationID(2)] == .ineligible(.stratumNotBelowLocalClock))

        let better = SourceSelection.select([Self.candidate(3, offset: 0, stratum: 1)], constraints: constraints)
        #expect(better.systemPeer == AssociationID(3))
    }

    @Test func unfitCandidatesAreIneligible() {
        var unsynchronized = Self.candidate(1, offset: 0)
        unsynchronized.leap = .unsynchronized
        var unreachable = Self.candidate(2, offset: 0)
        unreachable.reach = 0
        var loop = Self.candidate(4, offset: 0)
        loop.referenceID = ReferenceID(ipv4: 127, 0, 1, 31)
        let outcome = SourceSelection.select(
            [unsynchronized, unreachable, Self.candidate(3, offset: 0, distance: 5), loop],
            constraints: SelectionConstraints(localReferenceIDs: [ReferenceID(ipv4: 127, 0, 1, 31)])
        )
        #expect(outcome.statuses[AssociationID(1)] == .ineligible(.unsynchronized))
        #expect(outcome.statuses[AssociationID(2)] == .ineligible(.unreachable))
        #expect(outcome.statuses[AssociationID(3)] == .ineligible(.excessiveDistance))
        #expect(outcome.statuses[AssociationID(4)] == .ineligible(.timingLoop))
    }

    @Test func lowerStratumWinsThenRootDistance() {
        let outcome = SourceSelection.select([
            Self.candidate(1, offset: 0.001, distance: 0.005, stratum: 3),
            Self.candidate(2, offset: 0.002, distance: 0.020, stratum: 2),
            Self.candidate(3, offset: 0.0015, distance: 0.010, stratum: 2),
        ])
        #expect(outcome.systemPeer == AssociationID(3))
    }

    @Test func keepsTheCurrentSystemPeerAtTheSameStratum() {
        let candidates = [
            Self.candidate(1, offset: 0.001, distance: 0.010),
            Self.candidate(2, offset: 0.002, distance: 0.020),
        ]
        let outcome = SourceSelection.select(
            candidates, constraints: SelectionConstraints(currentSystemPeer: AssociationID(2))
        )
        #expect(outcome.systemPeer == AssociationID(2))
    }

    @Test func preferPeerWinsAndSetsTheOffset() throws {
        let outcome = SourceSelection.select([
            Self.candidate(1, offset: 0.001),
            Self.candidate(2, offset: 0.003, stratum: 3, prefer: true),
        ])
        #expect(outcome.systemPeer == AssociationID(2))
        #expect(try #require(outcome.combined).offset == 0.003)
    }

    @Test func clusteringDiscardsTheNoisiestSurvivor() {
        let candidates = [
            Self.candidate(1, offset: 0.000, distance: 0.1, jitter: 0.0001),
            Self.candidate(2, offset: 0.001, distance: 0.1, jitter: 0.0001),
            Self.candidate(3, offset: 0.0005, distance: 0.1, jitter: 0.0001),
            Self.candidate(4, offset: 0.060, distance: 0.1, jitter: 0.0001),
        ]
        let outcome = SourceSelection.select(candidates)
        #expect(outcome.statuses[AssociationID(4)] == .outlier)
        #expect(outcome.survivors.count == 3)
    }

    @Test func combinedJitterIncludesTheSystemPeerJitter() throws {
        let outcome = SourceSelection.select([Self.candidate(1, offset: 0.002, jitter: 0.003)])
        let combined = try #require(outcome.combined)
        #expect(combined.selectionJitter == 0)
        #expect(combined.systemJitter == 0.003)
    }
}
