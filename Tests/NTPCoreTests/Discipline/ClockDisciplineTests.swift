import Testing
@testable import NTPCore

@Suite struct ClockDisciplineTests {
    @Test func convergesOnAConstantOffset() {
        // The type-II loop overshoots by a few ms and settles over hours,
        // as ntpd's does with the same constants.
        var loop = DisciplineLoop(clock: SimulatedClock(phase: -0.05, frequencyError: 0), discipline: ClockDiscipline())
        loop.run(seconds: 3600)
        #expect(abs(loop.clock.phase) < 0.005)
        loop.run(seconds: 7 * 3600)
        #expect(abs(loop.clock.phase) < 0.001)
        #expect(loop.discipline.state == .sync)
        #expect(loop.clock.steps.isEmpty)
        #expect(loop.clock.status?.synchronized == true)
    }

    @Test func convergesOnAConstantFrequencyError() {
        var loop = DisciplineLoop(clock: SimulatedClock(phase: 0, frequencyError: 20e-6), discipline: ClockDiscipline())
        loop.run(seconds: 6 * 3600)
        #expect(abs(loop.clock.phase) < 0.001)
        #expect(abs(loop.clock.frequencyCorrection + 20e-6) < 0.5e-6)
        #expect(loop.discipline.pollExponent > 6)
    }

    @Test func convergesOnOffsetAndFrequencyTogether() {
        var loop = DisciplineLoop(clock: SimulatedClock(phase: 0.08, frequencyError: -35e-6), discipline: ClockDiscipline())
        loop.run(seconds: 8 * 3600)
        #expect(abs(loop.clock.phase) < 0.001)
        #expect(abs(loop.clock.frequencyCorrection - 35e-6) < 1e-6)
    }

    @Test func stepsALargeInitialOffsetThenMeasuresFrequency() {
        var discipline = ClockDiscipline()
        let result = discipline.update(DisciplineInput(offset: 0.5, time: .seconds(0)))
        #expect(result.outcome == .stepped)
        #expect(result.actions.first == .step(offset: 0.5))
        #expect(discipline.state == .frequencyMeasure)
        #expect(discipline.update(DisciplineInput(offset: 0.001, time: .seconds(64))).outcome == .ignored)
        #expect(discipline.update(DisciplineInput(offset: 0.0009, time: .seconds(960))).outcome == .slewed)
        #expect(discipline.state == .sync)
        #expect(abs(discipline.frequency - 0.0009 / 960) < 1e-12)
    }

    @Test func knownFrequencyCorrectsPhaseOnTheFirstUpdate() {
        var discipline = ClockDiscipline(initialFrequency: 12e-6)
        #expect(discipline.state == .frequencySet)
        let result = discipline.update(DisciplineInput(offset: 0.01, time: .seconds(0), leap: .noWarning, rootDistance: 0.02))
        #expect(result.outcome == .slewed)
        #expect(result.actions.contains(.slew(offset: 0.01, frequency: 12e-6)))
        #expect(result.actions.contains(.setLeap(.noWarning)))
        #expect(result.actions.contains { if case .setStatus(let status) = $0 { status.synchronized && status.maximumError == 0.02 } else { false } })
    }

    @Test func ignoresASingleSpikeThenStepsAfterStepout() {
        var discipline = ClockDiscipline(initialFrequency: 0)
        _ = discipline.update(DisciplineInput(offset: 0.001, time: .seconds(0)))
        #expect(discipline.update(DisciplineInput(offset: 0.3, time: .seconds(64))).outcome == .ignored)
        #expect(discipline.state == .spike)
        #expect(discipline.update(DisciplineInput(offset: 0.3, time: .seconds(128))).outcome == .ignored)
        let late = discipline.update(DisciplineInput(offset: 0.3, time: .seconds(1000)))
        #expect(late.outcome == .stepped)
        #expect(discipline.state == .sync)
    }

    @Test func anInlierEndsTheSpikeState() {
        var discipline = ClockDiscipline(initialFrequency: 0)
        _ = discipline.update(DisciplineInput(offset: 0.001, time: .seconds(0)))
        _ = discipline.update(DisciplineInput(offset: 0.3, time: .seconds(64)))
        #expect(discipline.update(DisciplineInput(offset: 0.002, time: .seconds(128))).outcome == .slewed)
        #expect(discipline.state == .sync)
    }

    @Test func refusesOffsetsBeyondThePanicThreshold() {
        var discipline = ClockDiscipline()
        #expect(discipline.update(DisciplineInput(offset: 1500, time: .seconds(0))) == DisciplineResult(outcome: .panic, actions: []))
        var permissive = ClockDiscipline(parameters: DisciplineParameters(panicThreshold: nil))
        #expect(permissive.update(DisciplineInput(offset: 1500, time: .seconds(0))).outcome == .stepped)
    }

    @Test func shortenedThresholdsConvergeFasterInALab() {
        let parameters = DisciplineParameters(stepThreshold: 0.01, stepoutInterval: 60, minimumPollExponent: 4, maximumPollExponent: 6)
        var loop = DisciplineLoop(
            clock: SimulatedClock(phase: 0.005, frequencyError: 50e-6),
            discipline: ClockDiscipline(parameters: parameters)
        )
        loop.run(seconds: 3600)
        #expect(abs(loop.clock.phase) < 0.0005)
        #expect(loop.discipline.pollExponent <= 6)
    }

    @Test func frequencyIsClampedToTheMaximum() {
        var discipline = ClockDiscipline()
        _ = discipline.update(DisciplineInput(offset: 0, time: .seconds(0)))
        _ = discipline.update(DisciplineInput(offset: 0.1, time: .seconds(900)))
        #expect(discipline.frequency == 500e-6 || discipline.frequency < 500e-6)
        _ = discipline.update(DisciplineInput(offset: 0.12, time: .seconds(901)))
        #expect(abs(discipline.frequency) <= 500e-6)
    }
}
