import Testing
@testable import NTPCore

/// The pure pieces composed the way the engine will: an iburst client
/// association, source selection, the discipline and a clock driver.
@Suite struct ClientSynchronizationTests {
    struct Harness {
        var clock = SimulatedClock(phase: -0.5, frequencyError: 0)
        var association: AssociationStateMachine
        var discipline = ClockDiscipline(initialFrequency: 0)
        var server = SimulatedServer(offset: 0, stratum: 2, delay: 0.005)
        var trueTime = 0.0
        var nextPoll: MonotonicInstant = .seconds(0)
        var outcomes: [DisciplineOutcome] = []
        var syncedAt: Double?

        init() {
            association = AssociationStateMachine(
                id: AssociationID(1),
                configuration: AssociationConfiguration(mode: .client, initialBurst: true),
                system: .unsynchronized(precision: -20)
            )
        }

        /// Local clocks: wall is true time plus the clock's phase error.
        var local: LocalTimestamp {
            LocalTimestamp(
                wall: NTPTimestamp(seconds: 3_900_000_000, fraction: 0) + NTPInterval(seconds: trueTime + clock.phase),
                monotonic: .seconds(trueTime)
            )
        }

        mutating func run(until end: Double) {
            _ = association.start(at: .seconds(0))
            while nextPoll.seconds <= end {
                let elapsed = Int((nextPoll.seconds - trueTime).rounded())
                clock.advance(seconds: elapsed, pollExponent: discipline.pollExponent)
                trueTime = nextPoll.seconds
                let actions = association.pollDue(now: local)
                nextPoll = actions.scheduledPoll ?? nextPoll
                for request in actions.sentPackets { exchange(request) }
            }
        }

        /// The server's clock is true time, so its reply carries true time.
        private mutating func exchange(_ request: NTPPacket) {
            var reply = server.reply(to: request)
            let serverReceive = NTPTimestamp(seconds: 3_900_000_000, fraction: 0) + NTPInterval(seconds: trueTime + server.delay)
            reply.receiveTimestamp = serverReceive
            reply.transmitTimestamp = serverReceive
            trueTime += 2 * server.delay
            for estimate in association.receive(reply, at: local).peerUpdates { select(estimate) }
        }

        private mutating func select(_ estimate: PeerEstimate) {
            guard let candidate = association.selectionCandidate(now: local.monotonic) else { return }
            let outcome = SourceSelection.select([candidate])
            guard let combined = outcome.combined else { return }
            let result = discipline.update(DisciplineInput(offset: combined.offset, time: estimate.time))
            outcomes.append(result.outcome)
            for action in result.actions {
                clock.execute(action)
                if case .step(let offset) = action { association.clockStepped(by: offset) }
            }
            if result.outcome != .ignored, syncedAt == nil { syncedAt = trueTime }
        }
    }

    @Test func iburstClientStepsAHalfSecondOffsetWithinTheBurst() throws {
        var harness = Harness()
        harness.run(until: 600)
        let syncedAt = try #require(harness.syncedAt)
        #expect(syncedAt < 12)
        #expect(harness.outcomes.first == .stepped)
        #expect(abs(harness.clock.phase) < 0.001)
        #expect(harness.discipline.state == .sync)
    }
}
