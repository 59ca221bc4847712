import Testing
@testable import NTPCore

/// When the discipline may step: only with the majority's backing, within
/// the step limit (slewed after it), never beyond the panic threshold.
@Suite struct StepRulesTests {
    static func known(_ parameters: DisciplineParameters = DisciplineParameters()) -> ClockDiscipline {
        ClockDiscipline(parameters: parameters, initialFrequency: 0)
    }

    @Test func aStepWithoutTheMajoritysBackingIsRefusedAndChangesNothing() {
        var discipline = Self.known()
        let result = discipline.update(DisciplineInput(offset: 500, time: .seconds(0), majorityBacksStep: false))
        #expect(result.outcome == .stepRefused)
        #expect(result.actions.isEmpty)
        #expect(discipline.state == .frequencySet)
        #expect(discipline.clockUpdates == 0)
        // Backed, the same offset steps at once (the frequency is known).
        #expect(discipline.update(DisciplineInput(offset: 500, time: .seconds(1))).actions.first == .step(offset: 500))
    }

    @Test func afterTheStepLimitAnOutlierIsSlewedAfterTheStepout() {
        var discipline = Self.known(DisciplineParameters(stepLimit: 2, stepoutInterval: 100))
        #expect(discipline.update(DisciplineInput(offset: 0.001, time: .seconds(0))).outcome == .slewed)
        #expect(discipline.update(DisciplineInput(offset: 0.001, time: .seconds(16))).outcome == .slewed)
        #expect(discipline.clockUpdates == 2)
        // A spike first, as always; past the stepout a step would be due.
        #expect(discipline.update(DisciplineInput(offset: 2, time: .seconds(32))).outcome == .ignored)
        let result = discipline.update(DisciplineInput(offset: 2, time: .seconds(140)))
        #expect(result.outcome == .slewed)
        #expect(result.stepWithheld)
        #expect(!result.actions.contains(.step(offset: 2)))
        #expect(result.actions.contains { if case .slew(let offset, _) = $0 { offset == 2 } else { false } })
    }

    @Test func withinTheLimitTheFirstUpdateSteps() {
        var discipline = Self.known(DisciplineParameters(stepLimit: 3))
        let result = discipline.update(DisciplineInput(offset: -3, time: .seconds(0)))
        #expect(result.outcome == .stepped && !result.stepWithheld)
        var never = Self.known(DisciplineParameters(stepLimit: 0))
        let refused = never.update(DisciplineInput(offset: -3, time: .seconds(0)))
        #expect(refused.stepWithheld && !refused.actions.contains(.step(offset: -3)))
    }

    @Test func beyondThePanicThresholdNothingIsCorrectedEvenFirst() {
        var discipline = Self.known(DisciplineParameters(panicThreshold: 1000, stepLimit: 3))
        let result = discipline.update(DisciplineInput(offset: 1500, time: .seconds(0)))
        #expect(result.outcome == .panic && result.actions.isEmpty)
        #expect(discipline.clockUpdates == 0)
    }

    @Test func aRetunedLoopKeepsItsCountOfUpdates() {
        var discipline = Self.known(DisciplineParameters(stepLimit: 1))
        _ = discipline.update(DisciplineInput(offset: 0.001, time: .seconds(0)))
        let retuned = discipline.retuned(DisciplineParameters(stepLimit: 1, minimumPollExponent: 0), frequency: 0, systemPrecision: -20)
        #expect(retuned.clockUpdates == 1)
        #expect(!retuned.stepWindowOpen)
    }
}

/// The votes of the survivors: a step needs more than half of the eligible
/// sources beyond the threshold in its direction; a leap warning more than
/// half of the survivors.
@Suite struct SurvivorVoteTests {
    static func candidate(_ id: UInt32, offset: Double, leap: LeapIndicator = .noWarning) -> SelectionCandidate {
        SelectionCandidate(id: AssociationID(id), offset: offset, rootDistance: 0.01, jitter: 0.001, stratum: 2, leap: leap)
    }

    static func outcome(_ survivors: [SelectionCandidate], eligible: Int) -> SelectionOutcome {
        SelectionOutcome(statuses: [:], systemPeer: survivors.first?.id, combined: nil,
                         survivorCandidates: survivors, eligibleCount: eligible)
    }

    @Test func aLoneSourceBacksItsOwnStep() {
        #expect(SurvivorVote.backsStep(2, threshold: 0.128, outcome: Self.outcome([Self.candidate(1, offset: 2)], eligible: 1)))
    }

    @Test func theStepNeedsMoreThanHalfOfTheEligibleSourcesInItsDirection() {
        let two = [Self.candidate(1, offset: 2), Self.candidate(2, offset: 2.01)]
        #expect(SurvivorVote.backsStep(2, threshold: 0.128, outcome: Self.outcome(two, eligible: 3)))
        #expect(!SurvivorVote.backsStep(2, threshold: 0.128, outcome: Self.outcome(two, eligible: 4)), "two of four is no majority")
        let split = [Self.candidate(1, offset: 2), Self.candidate(2, offset: 0.01), Self.candidate(3, offset: 0.02)]
        #expect(!SurvivorVote.backsStep(0.7, threshold: 0.128, outcome: Self.outcome(split, eligible: 3)))
        let opposite = [Self.candidate(1, offset: 2), Self.candidate(2, offset: -2)]
        #expect(!SurvivorVote.backsStep(2, threshold: 0.128, outcome: Self.outcome(opposite, eligible: 2)))
    }

    @Test func aLeapWarningNeedsMoreThanHalfOfTheSurvivors() {
        let insert = LeapIndicator.lastMinuteHas61Seconds
        #expect(SurvivorVote.leap(Self.outcome([Self.candidate(1, offset: 0, leap: insert)], eligible: 1)) == insert)
        let one = [Self.candidate(1, offset: 0, leap: insert), Self.candidate(2, offset: 0), Self.candidate(3, offset: 0)]
        #expect(SurvivorVote.leap(Self.outcome(one, eligible: 3)) == .noWarning, "one source cannot announce a leap second")
        let two = [Self.candidate(1, offset: 0, leap: insert), Self.candidate(2, offset: 0, leap: insert), Self.candidate(3, offset: 0)]
        #expect(SurvivorVote.leap(Self.outcome(two, eligible: 3)) == insert)
    }

    @Test func selectionReportsItsSurvivorsAndEligibleCount() {
        let candidates = [Self.candidate(1, offset: 0.001), Self.candidate(2, offset: 0.002), Self.candidate(3, offset: 500)]
        let outcome = SourceSelection.select(candidates)
        #expect(outcome.eligibleCount == 3)
        #expect(Set(outcome.survivorCandidates.map(\.id)) == [AssociationID(1), AssociationID(2)])
    }
}
