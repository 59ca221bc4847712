import Testing
@testable import NTPCore

/// Behaviour that only applies at laboratory polls (one second or faster):
/// the passive peer answers at once, and iburst bursts on first contact.
@Suite struct LaboratoryPollTests {
    static let system = SystemVariables(leap: .noWarning, stratum: 3, precision: -20, referenceTime: .zero)

    static func activePacket(poll: Int8, transmit: Double) -> NTPPacket {
        NTPPacket(
            leap: .unsynchronized, mode: .symmetricActive, stratum: 16, poll: poll, precision: -20,
            transmitTimestamp: LocalTimestamp.at(transmit).wall
        )
    }

    static func passive(minpoll: Int8) -> AssociationStateMachine {
        var machine = AssociationStateMachine(
            id: AssociationID(2),
            configuration: AssociationConfiguration(mode: .symmetricPassive, minimumPollExponent: minpoll, maximumPollExponent: max(minpoll, 0)),
            system: system
        )
        _ = machine.start(at: .seconds(0))
        return machine
    }

    @Test func passiveAnswersEachActivePacketAtOnceAtLaboratoryPolls() throws {
        var machine = Self.passive(minpoll: -1)
        // The active peer is not synchronized and has not heard from us
        // (origin zero): it is answered anyway, or neither side could start.
        let first = Self.activePacket(poll: -1, transmit: 0.1)
        let actions = machine.receive(first, at: .at(0.1001))
        let reply = try #require(actions.sentPackets.first)
        #expect(actions.sentPackets.count == 1)
        #expect(reply.mode == .symmetricPassive)
        #expect(reply.originTimestamp == first.transmitTimestamp)
        #expect(actions.scheduledPoll != nil)
        // A duplicate is not answered.
        #expect(machine.receive(first, at: .at(0.2)).sentPackets.isEmpty)
    }

    @Test func passiveKeepsItsOwnScheduleAtRFCPolls() {
        var machine = Self.passive(minpoll: 6)
        #expect(machine.receive(Self.activePacket(poll: 6, transmit: 0.1), at: .at(0.1001)).sentPackets.isEmpty)
    }

    @Test func iburstBurstsAgainWhenThePeerFirstAnswersAfterTheInitialBurst() throws {
        var machine = AssociationStateMachine(
            id: AssociationID(1),
            configuration: AssociationConfiguration(
                mode: .client, minimumPollExponent: -1, maximumPollExponent: 0, initialBurst: true,
                burstPolicy: BurstPolicy(packetCount: 4, spacing: .milliseconds(500))
            ),
            system: Self.system
        )
        var next = try #require(machine.start(at: .seconds(0)).scheduledPoll)
        var sent: [NTPPacket] = []
        // The initial burst goes unanswered (the server is not ready); at
        // lab polls its spacing is half the 0.5 s poll.
        var times: [Double] = []
        for _ in 0..<4 {
            times.append(next.seconds)
            let actions = machine.pollDue(now: .at(next.seconds))
            sent += actions.sentPackets
            next = try #require(actions.scheduledPoll)
        }
        #expect(times == [0, 0.25, 0.5, 0.75])
        #expect(next.seconds > 0.75)
        // The next poll's request is answered: the server now counts as
        // reachable, and a new burst starts at once.
        let request = try #require(machine.pollDue(now: .at(next.seconds)).sentPackets.first)
        let server = SimulatedServer(offset: 0, stratum: 2, delay: 0.0001, poll: -1)
        let reply = server.reply(to: request)
        let actions = machine.receive(reply, at: server.arrival(of: request, sentAt: .at(next.seconds)))
        let burstPoll = try #require(actions.scheduledPoll)
        #expect(burstPoll.seconds - next.seconds < 0.3)
        #expect(machine.snapshot.reach == 1)
    }
}
