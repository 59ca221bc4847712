import Testing
@testable import NTPCore

@Suite struct ClockFilterTests {
    static let context = FilterContext(systemPrecision: -20, systemPollExponent: 6, clockSynchronized: true)

    /// Adds a sample and, like the association does, marks fresh estimates used.
    static func feed(_ filter: inout ClockFilter, _ sample: ClockSample, context: FilterContext = ClockFilterTests.context) -> FilterUpdate {
        let update = filter.add(sample, context: context)!
        if update.disposition == .fresh { filter.markUsed(update.estimate) }
        return update
    }

    static func sample(offset: Double, delay: Double, at seconds: Double) -> ClockSample {
        ClockSample(offset: offset, delay: delay, dispersion: 0.001, time: .seconds(seconds))
    }

    @Test func picksTheLowestDelaySample() {
        var filter = ClockFilter()
        let samples = [(0.010, 0.050), (0.002, 0.010), (0.008, 0.040), (0.006, 0.030)]
        var last: FilterUpdate?
        for (index, (offset, delay)) in samples.enumerated() {
            last = Self.feed(&filter, Self.sample(offset: offset, delay: delay, at: Double(index) * 64))
        }
        #expect(last?.estimate.offset == 0.002)
        #expect(last?.estimate.delay == 0.010)
        #expect(last?.estimate.time == .seconds(64))
    }

    @Test func keepsOnlyEightStages() {
        var filter = ClockFilter()
        for index in 0..<12 {
            _ = Self.feed(&filter, Self.sample(offset: 0, delay: 0.01, at: Double(index)))
        }
        #expect(filter.stages.count == ClockFilter.stageCount)
        #expect(filter.stages.first?.time == .seconds(11))
    }

    @Test func dispersionWeightsStagesByHalves() {
        var filter = ClockFilter()
        let update = Self.feed(&filter, ClockSample(offset: 0, delay: 0.01, dispersion: 0.5, time: .seconds(0)))
        // 0.5/2 for the sample plus MAXDISP·(1/4 + … + 1/256) for seven empty stages.
        let expected = 0.25 + 16 * (0.5 - 1.0 / 256)
        #expect(abs(update.estimate.dispersion - expected) < 1e-12)
    }

    @Test func jitterIsTheRMSOfOffsetDifferences() {
        var filter = ClockFilter()
        _ = Self.feed(&filter, Self.sample(offset: 0.003, delay: 0.02, at: 0))
        let update = Self.feed(&filter, Self.sample(offset: 0.001, delay: 0.01, at: 16))
        #expect(abs(update.estimate.jitter - 0.002) < 1e-12)
    }

    @Test func anOlderBestSampleIsNotUsedTwice() {
        var filter = ClockFilter()
        #expect(Self.feed(&filter, Self.sample(offset: 0.001, delay: 0.010, at: 0)).disposition == .fresh)
        let worse = Self.feed(&filter, Self.sample(offset: 0.001, delay: 0.050, at: 64))
        #expect(worse.disposition == .stale)
        #expect(worse.estimate.time == .seconds(0))
    }

    @Test func oldSamplesMayBeReusedBeforeSynchronization() {
        var filter = ClockFilter()
        var context = Self.context
        context.clockSynchronized = false
        _ = Self.feed(&filter, Self.sample(offset: 0.001, delay: 0.010, at: 0), context: context)
        #expect(Self.feed(&filter, Self.sample(offset: 0.001, delay: 0.050, at: 64), context: context).disposition == .fresh)
    }

    @Test func suppressesAPopcornSpike() {
        var filter = ClockFilter()
        for index in 0..<4 {
            _ = Self.feed(&filter, Self.sample(offset: 0.001 * Double(index % 2), delay: 0.010, at: Double(index) * 16))
        }
        let spike = Self.feed(&filter, Self.sample(offset: 0.5, delay: 0.001, at: 64))
        #expect(spike.disposition == .popcornSpike)
        #expect(filter.lastUsedTime == .seconds(48))
    }

    @Test func onlyDummiesLeaveNoEstimate() {
        var filter = ClockFilter()
        filter.addMissedPoll(at: .seconds(0), context: Self.context)
        #expect(filter.estimate == nil)
        let hopeless = ClockSample(offset: 1, delay: 0.01, dispersion: 16, time: .seconds(1))
        #expect(filter.add(hopeless, context: Self.context) == nil)
    }

    @Test func missedPollsPushDummiesThatNeverWin() {
        var filter = ClockFilter()
        _ = Self.feed(&filter, Self.sample(offset: 0.004, delay: 0.030, at: 0))
        filter.addMissedPoll(at: .seconds(64), context: Self.context)
        #expect(filter.estimate?.offset == 0.004)
        #expect(filter.stages.count == 2)
    }
}
