import Testing
@testable import NTPCore

/// meridian-ntp unsync-max-poll on one association, on a manual timeline.
@Suite struct UnsynchronizedPollLimitTests {
    /// Unsynchronized, with the discipline asking for 2^10 s polls.
    static let unsynchronized: SystemVariables = {
        var system = SystemVariables.unsynchronized(precision: -20)
        system.pollExponent = 10
        return system
    }()
    static let synchronized = SystemVariables(
        leap: .noWarning, stratum: 2, precision: -20, rootDelay: 0.001, rootDispersion: 0.001,
        referenceID: ReferenceID(ascii: "GPS"), referenceTime: LocalTimestamp.at(0).wall, pollExponent: 10)
    static let limit = UnsynchronizedPollLimit(maximumPollExponent: 8, decrement: 2)

    /// A client with minpoll 4, maxpoll 10 and the limit, driven poll by poll:
    /// `answer` says whether the server replies to that poll.
    struct Driver {
        var machine: AssociationStateMachine
        var now = 0.0
        let server = SimulatedServer(offset: 0.001, poll: 17)

        init(system: SystemVariables, limit: UnsynchronizedPollLimit? = UnsynchronizedPollLimitTests.limit) {
            let configuration = AssociationConfiguration(
                mode: .client, minimumPollExponent: 4, maximumPollExponent: 10, unsynchronizedPollLimit: limit)
            machine = AssociationStateMachine(id: AssociationID(1), configuration: configuration, system: system)
            _ = machine.start(at: .seconds(0))
        }

        /// Polls once; returns the exponent sent and the seconds to the next poll.
        mutating func poll(answer: Bool) -> (sent: Int8, interval: Double) {
            let sentAt = LocalTimestamp.at(now)
            let actions = machine.pollDue(now: sentAt)
            let request = actions.sentPackets[0]
            if answer { _ = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sentAt)) }
            let next = actions.scheduledPoll!.seconds
            defer { now = next }
            return (request.poll, next - now)
        }
    }

    @Test func capClampsToTheAssociationRange() {
        #expect(Self.limit.cap(minimum: 4, maximum: 10) == 8)
        #expect(Self.limit.cap(minimum: 9, maximum: 10) == 9)  // minpoll wins over a lower cap
        #expect(Self.limit.cap(minimum: 4, maximum: 6) == 6)
    }

    @Test func answeredPollsAreCappedAndUnansweredOnesShrinkByDecStep() {
        var driver = Driver(system: Self.unsynchronized)
        var sent: [Int8] = []
        var intervals: [Double] = []
        for answer in [true, true, true, false, false, false, false] {
            let poll = driver.poll(answer: answer)
            sent.append(poll.sent)
            intervals.append(poll.interval)
        }
        // First poll at minpoll; answered polls want 10 (system poll) but get the cap 8;
        // each unanswered poll takes 2 off, down to minpoll 4.
        #expect(sent == [4, 8, 8, 8, 6, 4, 4])
        #expect(intervals == [16, 256, 256, 256, 64, 16, 16])
    }

    @Test func withoutTheLimitAnUnsynchronizedClientPollsAtTheSystemPoll() {
        var driver = Driver(system: Self.unsynchronized, limit: nil)
        let sent = [true, true, false].map { driver.poll(answer: $0).sent }
        #expect(sent == [4, 10, 10])
    }

    @Test func synchronizedClientPollsByRFC5905Alone() {
        var driver = Driver(system: Self.synchronized)
        let sent = [true, true, false, false].map { driver.poll(answer: $0).sent }
        #expect(sent == [4, 10, 10, 10])
    }

    @Test func losingSynchronizationBringsALongPollForward() {
        var driver = Driver(system: Self.synchronized)
        _ = driver.poll(answer: true)
        let start = driver.now
        let long = driver.poll(answer: true)
        #expect(long.interval == 1024)
        let earlier = driver.machine.systemVariablesChanged(Self.unsynchronized)
        #expect(earlier == .seconds(start + 256))
        #expect(driver.machine.snapshot.nextPollAt == .seconds(start + 256))
        #expect(driver.machine.snapshot.hostPollExponent == 8)
        let again = driver.machine.systemVariablesChanged(Self.unsynchronized)
        #expect(again == nil)  // already within the cap
    }

    @Test func regainingSynchronizationResumesTheRegularPoll() {
        var driver = Driver(system: Self.unsynchronized)
        _ = driver.poll(answer: true)
        let capped = driver.poll(answer: true)
        #expect(capped.sent == 8)
        let moved = driver.machine.systemVariablesChanged(Self.synchronized)
        #expect(moved == nil)
        let regular = driver.poll(answer: true)
        #expect(regular.sent == 10)
    }

    @Test func aLimitChangeIsAppliedInPlace() {
        var driver = Driver(system: Self.unsynchronized, limit: nil)
        _ = driver.poll(answer: true)
        var configuration = driver.machine.configuration
        configuration.unsynchronizedPollLimit = UnsynchronizedPollLimit(maximumPollExponent: 5, decrement: 1)
        let inPlace = driver.machine.reconfigure(configuration)
        #expect(inPlace)
        #expect(driver.machine.snapshot.reach == 1)
        let capped = driver.poll(answer: true)
        #expect(capped.sent == 5)
    }
}
