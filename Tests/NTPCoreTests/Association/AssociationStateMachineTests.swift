import Testing
@testable import NTPCore

@Suite struct AssociationStateMachineTests {
    static let system = SystemVariables.unsynchronized(precision: -20)

    static func machine(_ configure: (inout AssociationConfiguration) -> Void = { _ in }) -> AssociationStateMachine {
        var configuration = AssociationConfiguration(mode: .client)
        configure(&configuration)
        return AssociationStateMachine(id: AssociationID(1), configuration: configuration, system: system)
    }

    @Test func startSchedulesAnImmediatePoll() {
        var machine = Self.machine()
        #expect(machine.start(at: .seconds(5)) == [.schedulePoll(at: .seconds(5))])
        #expect(machine.start(at: .seconds(6)) == [])
    }

    @Test func pollSendsAClientRequestAndSchedulesTheNextPoll() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let now = LocalTimestamp.at(0)
        let actions = machine.pollDue(now: now)
        let packet = try #require(actions.sentPackets.first)
        #expect(packet.mode == .client)
        #expect(packet.version == 4)
        #expect(packet.poll == 6)
        #expect(packet.transmitTimestamp == now.wall)
        #expect(actions.scheduledPoll == .seconds(64))
    }

    @Test func validReplyMakesTheServerReachableAndUpdatesThePeer() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        let server = SimulatedServer(offset: 0.25)
        let actions = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
        #expect(actions.contains(.reachabilityChanged(1)))
        let estimate = try #require(actions.peerUpdates.first)
        #expect(abs(estimate.offset - 0.25) < 1e-6)
        #expect(abs(estimate.delay - 0.020) < 1e-6)
        #expect(machine.snapshot.reach == 1)
        #expect(machine.snapshot.peer?.stratum == 1)
    }

    @Test func theKernelDepartureStampIsT1OfTheReplyToThatPacketOnly() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        // The engine sent it, and the kernel saw it leave 3 ms after the stamp was read.
        machine.transmitted(at: request.transmitTimestamp, departure: request.transmitTimestamp + NTPInterval(seconds: 0.003))
        let server = SimulatedServer(offset: 0.25)
        let actions = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
        let sample = try #require(actions.compactMap { if case .sample(let s) = $0 { s } else { nil } }.first)
        #expect(abs(sample.delay - 0.017) < 1e-6, "the 3 ms before the packet left are not path delay")
        #expect(abs(sample.offset - 0.2485) < 1e-6)

        // A new request without a departure stamp: the origin timestamp is T1 again.
        let next = LocalTimestamp.at(64)
        let second = try #require(machine.pollDue(now: next).sentPackets.first)
        let later = machine.receive(server.reply(to: second), at: server.arrival(of: second, sentAt: next))
        let plain = try #require(later.compactMap { if case .sample(let s) = $0 { s } else { nil } }.first)
        #expect(abs(plain.delay - 0.020) < 1e-6)
    }

    @Test func rejectsReplaysSpoofsAndSecondReplies() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        let server = SimulatedServer(offset: 0.25)
        let reply = server.reply(to: request)
        var spoofed = reply
        spoofed.originTimestamp = request.transmitTimestamp + NTPInterval(seconds: 1)
        spoofed.transmitTimestamp = spoofed.transmitTimestamp + NTPInterval(seconds: 5)
        #expect(machine.receive(spoofed, at: .at(0.02)) == [.rejected(.bogus)])
        _ = machine.receive(reply, at: server.arrival(of: request, sentAt: sent))
        #expect(machine.receive(reply, at: .at(0.03)) == [.rejected(.duplicate)])
        var second = reply
        second.transmitTimestamp = reply.transmitTimestamp + NTPInterval(seconds: 0.001)
        #expect(machine.receive(second, at: .at(0.03)) == [.rejected(.bogus)])
    }

    @Test func rejectsPacketsOfAnotherMode() {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        #expect(machine.receive(NTPPacket(mode: .broadcast, stratum: 1), at: .at(1)) == [.rejected(.unexpectedMode)])
    }

    @Test func ignoresEverythingBeforeStart() {
        var machine = Self.machine()
        #expect(machine.pollDue(now: .at(0)).isEmpty)
        #expect(machine.receive(NTPPacket(mode: .server, stratum: 1), at: .at(1)).isEmpty)
    }

    @Test func reachDrainsAfterEightSilentPolls() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        let server = SimulatedServer(offset: 0)
        _ = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
        var changes: [UInt8] = []
        for poll in 1...8 {
            for case .reachabilityChanged(let value) in machine.pollDue(now: .at(Double(poll) * 64)) {
                changes.append(value)
            }
        }
        #expect(changes == [2, 4, 8, 16, 32, 64, 128, 0])
    }

    @Test func unreachableServerBacksOffToMaximumPoll() {
        var machine = Self.machine { $0.unreachThreshold = 2; $0.maximumPollExponent = 8 }
        _ = machine.start(at: .seconds(0))
        var now = 0.0
        var polls: [Int8] = []
        for _ in 0..<6 {
            let actions = machine.pollDue(now: .at(now))
            polls.append(actions.sentPackets[0].poll)
            now = actions.scheduledPoll!.seconds
        }
        #expect(polls == [6, 6, 7, 8, 8, 8])
    }

    @Test func initialBurstSendsSixPacketsTwoSecondsApart() {
        var machine = Self.machine { $0.initialBurst = true }
        _ = machine.start(at: .seconds(0))
        var sendTimes: [Double] = []
        var now = 0.0
        for _ in 0..<8 {
            let actions = machine.pollDue(now: .at(now))
            if !actions.sentPackets.isEmpty { sendTimes.append(now) }
            now = actions.scheduledPoll!.seconds
        }
        #expect(Array(sendTimes.prefix(7)) == [0, 2, 4, 6, 8, 10, 64])
    }

    @Test func burstSpacingIsConfigurable() {
        var machine = Self.machine {
            $0.initialBurst = true
            $0.burstPolicy = BurstPolicy(packetCount: 3, spacing: .milliseconds(250))
        }
        _ = machine.start(at: .seconds(0))
        var times: [Double] = [0]
        for _ in 0..<3 {
            times.append(machine.pollDue(now: .at(times.last!)).scheduledPoll!.seconds)
        }
        #expect(times == [0, 0.25, 0.5, 64])  // RFC: the interval counts from the burst's first poll
    }

    @Test func burstRepliesReachSelectionOnlyWhenTheBurstEnds() throws {
        var machine = Self.machine { $0.initialBurst = true; $0.burstPolicy = BurstPolicy(packetCount: 3) }
        _ = machine.start(at: .seconds(0))
        let server = SimulatedServer(offset: 0.1)
        var updates: [Int] = []
        var now = 0.0
        for poll in 0..<3 {
            let sent = LocalTimestamp.at(now)
            let actions = machine.pollDue(now: sent)
            let request = try #require(actions.sentPackets.first)
            let replyActions = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
            if !replyActions.peerUpdates.isEmpty { updates.append(poll) }
            now = actions.scheduledPoll!.seconds
        }
        #expect(updates == [2])
    }

    @Test func kissRateSlowsPolling() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let request = try #require(machine.pollDue(now: .at(0)).sentPackets.first)
        let kiss = NTPPacket(
            leap: .unsynchronized, mode: .server, stratum: 0, poll: 9, referenceID: KissCode.rate.referenceID,
            originTimestamp: request.transmitTimestamp, receiveTimestamp: request.transmitTimestamp,
            transmitTimestamp: request.transmitTimestamp
        )
        let actions = machine.receive(kiss, at: .at(0.02))
        #expect(actions.first == .kissReceived(.rate))
        #expect(actions.scheduledPoll == .seconds(512))
        #expect(machine.snapshot.hostPollExponent == 9)
    }

    @Test func kissDenyStopsTheAssociation() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let request = try #require(machine.pollDue(now: .at(0)).sentPackets.first)
        let kiss = NTPPacket(
            leap: .unsynchronized, mode: .server, stratum: 0, referenceID: KissCode.deny.referenceID,
            originTimestamp: request.transmitTimestamp, transmitTimestamp: request.transmitTimestamp
        )
        #expect(machine.receive(kiss, at: .at(0.02)) == [.kissReceived(.deny), .stopped(.deniedByServer(.deny))])
        #expect(machine.pollDue(now: .at(64)).isEmpty)
        #expect(machine.snapshot.stopReason == .deniedByServer(.deny))
    }

    @Test func clockStepDiscardsTheRequestInFlight() throws {
        var machine = Self.machine()
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        machine.clockStepped(by: 0.5)
        let server = SimulatedServer(offset: 0)
        let actions = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
        #expect(actions == [.rejected(.bogus)])
    }

    @Test func broadcastClientListensWithoutSending() {
        var machine = Self.machine { $0.mode = .broadcastClient; $0.calibrationRequests = 0 }
        _ = machine.start(at: .seconds(0))
        #expect(machine.pollDue(now: .at(0)).sentPackets.isEmpty)
        let broadcast = NTPPacket(
            mode: .broadcast, stratum: 2, precision: -20,
            transmitTimestamp: LocalTimestamp.at(1.5).wall
        )
        let actions = machine.receive(broadcast, at: .at(1))
        let estimate = actions.peerUpdates.first
        #expect(abs((estimate?.offset ?? 0) - 0.502) < 1e-6)
    }

    @Test func broadcastDelayCanBeCalibrated() {
        var machine = Self.machine { $0.mode = .broadcastClient; $0.calibrationRequests = 0 }
        _ = machine.start(at: .seconds(0))
        machine.broadcastDelayCalibrated(0.1)
        let broadcast = NTPPacket(mode: .broadcast, stratum: 2, precision: -20, transmitTimestamp: LocalTimestamp.at(1.5).wall)
        let estimate = machine.receive(broadcast, at: .at(1)).peerUpdates.first
        #expect(abs((estimate?.offset ?? 0) - 0.55) < 1e-6)
        #expect(estimate?.delay == 0.1)
    }

    @Test func requiredKeyRejectsUnauthenticatedReplies() throws {
        var machine = Self.machine { $0.keyID = 3 }
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        let server = SimulatedServer(offset: 0)
        let arrival = server.arrival(of: request, sentAt: sent)
        #expect(machine.receive(server.reply(to: request), at: arrival) == [.rejected(.authenticationFailed)])
    }

    @Test func selectionCandidateCarriesRootDistance() throws {
        var machine = Self.machine { $0.prefer = true }
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        let server = SimulatedServer(offset: 0.25)
        _ = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
        let candidate = try #require(machine.selectionCandidate(now: .seconds(1)))
        #expect(candidate.isPreferred)
        #expect(candidate.stratum == 1)
        #expect(candidate.rootDistance > 0.01 && candidate.rootDistance < 8.1)
    }
}

