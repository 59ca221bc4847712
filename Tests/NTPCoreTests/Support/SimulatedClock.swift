@testable import NTPCore

/// A local clock with a phase error and an intrinsic frequency error that a
/// discipline corrects through the ``ClockDriver`` requirements. `phase` is
/// local minus true time, so the offset a server measures is `-phase`.
struct SimulatedClock: ClockDriver {
    var phase: Double
    var frequencyError: Double
    var frequencyCorrection = 0.0
    var amortizer = PhaseAmortizer()
    var leap: LeapIndicator?
    var status: ClockSyncStatus?
    var steps: [Double] = []

    init(phase: Double, frequencyError: Double) {
        self.phase = phase
        self.frequencyError = frequencyError
    }

    var measuredOffset: Double { -phase }

    func readFrequency() -> Double { frequencyCorrection }
    mutating func setFrequency(_ frequency: Double) { frequencyCorrection = frequency }
    mutating func accrueOffset(_ offset: Double) { amortizer.start(offset) }
    mutating func applyStep(_ offset: Double) {
        phase += offset
        amortizer.start(0)
        steps.append(offset)
    }
    mutating func setLeap(_ leap: LeapIndicator) { self.leap = leap }
    mutating func setSyncStatus(_ status: ClockSyncStatus) { self.status = status }

    mutating func advance(seconds: Int, pollExponent: Int8) {
        phase += (frequencyError + frequencyCorrection) * Double(seconds)
        phase += amortizer.advance(seconds: seconds, pollExponent: pollExponent)
    }
}

/// Runs a discipline against a simulated clock, one update per system poll.
struct DisciplineLoop {
    var clock: SimulatedClock
    var discipline: ClockDiscipline
    var elapsed = 0

    mutating func run(seconds: Int) {
        let end = elapsed + seconds
        while elapsed < end {
            let result = discipline.update(DisciplineInput(offset: clock.measuredOffset, time: .seconds(Double(elapsed))))
            for action in result.actions { clock.execute(action) }
            let interval = 1 << Int(discipline.pollExponent)
            clock.advance(seconds: interval, pollExponent: discipline.pollExponent)
            elapsed += interval
        }
    }
}
