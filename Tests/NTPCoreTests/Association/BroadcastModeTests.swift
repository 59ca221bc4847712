import Testing
@testable import NTPCore

/// Broadcast server and client machines on a manual timeline: the server's
/// clock runs `offset` ahead of the client's and every packet takes `delay`
/// one way, so the calibrated client must find both.
@Suite struct BroadcastModeTests {
    static let synchronized = SystemVariables(
        leap: .noWarning, stratum: 2, precision: -20, rootDelay: 0.001, rootDispersion: 0.001,
        referenceID: ReferenceID(ascii: "GPS"), referenceTime: LocalTimestamp.at(0).wall)

    static func client(_ configure: (inout AssociationConfiguration) -> Void = { _ in }) -> AssociationStateMachine {
        var configuration = AssociationConfiguration(
            mode: .broadcastClient, minimumPollExponent: 0, maximumPollExponent: 6,
            burstPolicy: BurstPolicy(packetCount: 4, spacing: .milliseconds(500)), calibrationRequests: 3)
        configure(&configuration)
        return AssociationStateMachine(id: AssociationID(7), configuration: configuration, system: .unsynchronized(precision: -20))
    }

    /// A mode-5 packet the server sends at client-local time `t` (its clock
    /// reads t + offset).
    static func broadcast(at t: Double, offset: Double, stratum: UInt8 = 2, leap: LeapIndicator = .noWarning) -> NTPPacket {
        NTPPacket(
            leap: leap, mode: .broadcast, stratum: stratum, poll: 0, precision: -20,
            rootDelay: NTPShortFormat(seconds: 0.001), rootDispersion: NTPShortFormat(seconds: 0.001),
            referenceID: ReferenceID(ascii: "GPS"), referenceTimestamp: LocalTimestamp.at(t - 5).wall,
            transmitTimestamp: LocalTimestamp.at(t + offset).wall)
    }

    // MARK: Server

    @Test func serverBroadcastsEveryPollOnlyWhileSynchronized() throws {
        var server = AssociationStateMachine(
            id: AssociationID(1),
            configuration: AssociationConfiguration(mode: .broadcastServer, version: 3, minimumPollExponent: 6, maximumPollExponent: 6),
            system: .unsynchronized(precision: -20))
        #expect(server.start(at: .seconds(0)) == [.schedulePoll(at: .seconds(0))])
        let silent = server.pollDue(now: .at(0))
        #expect(silent.sentPackets.isEmpty, "an unsynchronized server broadcasts nothing")
        #expect(silent.scheduledPoll == .seconds(64))
        server.systemVariablesChanged(Self.synchronized)
        let actions = server.pollDue(now: .at(64))
        let packet = try #require(actions.sentPackets.first)
        #expect(packet.mode == .broadcast && packet.version == 3 && packet.stratum == 2 && packet.poll == 6)
        #expect(packet.originTimestamp.isZero && packet.receiveTimestamp.isZero)
        #expect(packet.transmitTimestamp == LocalTimestamp.at(64).wall)
        #expect(actions.scheduledPoll == .seconds(128))
        #expect(server.receive(Self.broadcast(at: 65, offset: 0), at: .at(65)) == [.rejected(.unexpectedMode)])
    }

    @Test func negativeLabPollsGiveSubSecondIntervals() {
        #expect(AssociationStateMachine.interval(exponent: -1) == .milliseconds(500))
        #expect(AssociationStateMachine.interval(exponent: 0) == .seconds(1))
        #expect(AssociationStateMachine.interval(exponent: 6) == .seconds(64))
    }

    // MARK: Client calibration

    /// Runs the calibration volley against a server `offset` ahead with a
    /// one-way `delay`; returns the actions of the last reply.
    static func calibrate(_ machine: inout AssociationStateMachine, offset: Double, delays: [Double]) throws -> [AssociationAction] {
        var last: [AssociationAction] = []
        var t = 0.0
        for delay in delays {
            let sent = LocalTimestamp.at(t)
            let request = try #require(machine.pollDue(now: sent).sentPackets.first)
            #expect(request.mode == .client)
            let server = SimulatedServer(offset: offset, stratum: 2, delay: delay)
            last = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: sent))
            t += 0.5
        }
        return last
    }

    @Test func clientCalibratesTheDelayThenTakesOffsetsFromBroadcasts() throws {
        var machine = Self.client()
        _ = machine.start(at: .seconds(0))
        #expect(machine.isCalibrating)
        // One-way delays 30, 10 and 20 ms: the shortest round trip (20 ms + 0.1 ms processing) wins.
        let actions = try Self.calibrate(&machine, offset: 0.25, delays: [0.030, 0.010, 0.020])
        #expect(!machine.isCalibrating)
        let calibrated = try #require(actions.compactMap { if case .calibrated(let d, let m) = $0 { (d, m) } else { nil } }.first)
        #expect(calibrated.1)
        #expect(abs(calibrated.0 - 0.0200) < 1e-6)
        // A broadcast sent at 10 s arrives 10 ms later on the client's clock.
        let received = machine.receive(Self.broadcast(at: 10, offset: 0.25), at: .at(10.010))
        let sample = try #require(received.compactMap { if case .sample(let s) = $0 { s } else { nil } }.first)
        #expect(abs(sample.offset - 0.25) < 1e-6, "offset \(sample.offset)")
        #expect(abs(sample.delay - 0.020) < 1e-6)
        #expect(machine.pollDue(now: .at(11)).sentPackets.isEmpty, "a calibrated client only listens")
    }

    @Test func uncalibratedOffsetIsOffByTheDelayError() throws {
        // The same broadcast with the default 4 ms delay: 8 ms of error a calibration removes.
        var machine = Self.client { $0.calibrationRequests = 0 }
        _ = machine.start(at: .seconds(0))
        let received = machine.receive(Self.broadcast(at: 10, offset: 0.25), at: .at(10.010))
        let sample = try #require(received.compactMap { if case .sample(let s) = $0 { s } else { nil } }.first)
        #expect(abs(sample.offset - 0.242) < 1e-6)
    }

    @Test func unansweredVolleyKeepsTheConfiguredDelay() throws {
        var machine = Self.client { $0.broadcastDelay = 0.006 }
        _ = machine.start(at: .seconds(0))
        var t = 0.0
        var finished: [AssociationAction] = []
        for _ in 0..<4 {
            finished = machine.pollDue(now: .at(t))
            t += 0.5
        }
        #expect(finished.contains(.calibrated(delay: 0.006, measured: false)))
        #expect(finished.sentPackets.isEmpty)
        #expect(!machine.isCalibrating)
        #expect(machine.broadcastDelay == 0.006)
    }

    @Test func broadcastsDuringTheVolleyMarkReachButGiveNoSample() {
        var machine = Self.client()
        _ = machine.start(at: .seconds(0))
        _ = machine.pollDue(now: .at(0))
        let actions = machine.receive(Self.broadcast(at: 0.1, offset: 0), at: .at(0.1))
        #expect(actions == [.reachabilityChanged(1)])
        #expect(machine.isCalibrating)
    }

    @Test func spoofedCalibrationReplyIsBogus() throws {
        var machine = Self.client()
        _ = machine.start(at: .seconds(0))
        let sent = LocalTimestamp.at(0)
        let request = try #require(machine.pollDue(now: sent).sentPackets.first)
        var reply = SimulatedServer(offset: 0).reply(to: request)
        reply.originTimestamp = reply.originTimestamp + NTPInterval(seconds: 1)
        #expect(machine.receive(reply, at: .at(0.02)) == [.rejected(.bogus)])
        #expect(machine.isCalibrating)
    }

    @Test func lateReplyAfterCalibrationIsUnexpected() throws {
        var machine = Self.client()
        _ = machine.start(at: .seconds(0))
        _ = try Self.calibrate(&machine, offset: 0, delays: [0.01, 0.01, 0.01])
        let reply = SimulatedServer(offset: 0).reply(to: NTPPacket(mode: .client, transmitTimestamp: LocalTimestamp.at(2).wall))
        #expect(machine.receive(reply, at: .at(2.1)) == [.rejected(.unexpectedMode)])
    }

    // MARK: Client sanity checks

    @Test func unsynchronizedDuplicateAndUnauthenticatedBroadcastsAreRejected() throws {
        var machine = Self.client { $0.calibrationRequests = 0; $0.keyID = 5 }
        _ = machine.start(at: .seconds(0))
        #expect(machine.receive(Self.broadcast(at: 1, offset: 0), at: .at(1)) == [.rejected(.authenticationFailed)])
        #expect(machine.receive(Self.broadcast(at: 2, offset: 0), at: .at(2), authentication: .verified(keyID: 6))
                == [.rejected(.authenticationFailed)])
        #expect(machine.receive(Self.broadcast(at: 3, offset: 0), at: .at(3), authentication: .failed) == [.rejected(.authenticationFailed)])
        #expect(machine.receive(Self.broadcast(at: 4, offset: 0, leap: .unsynchronized), at: .at(4), authentication: .verified(keyID: 5))
                == [.rejected(.unsynchronizedServer)])
        #expect(machine.receive(Self.broadcast(at: 5, offset: 0, stratum: 16), at: .at(5), authentication: .verified(keyID: 5))
                == [.rejected(.unsynchronizedServer)])
        let good = Self.broadcast(at: 6, offset: 0)
        #expect(machine.receive(good, at: .at(6), authentication: .verified(keyID: 5)).peerUpdates.count == 1)
        #expect(machine.receive(good, at: .at(6.5), authentication: .verified(keyID: 5)) == [.rejected(.duplicate)])
        #expect(machine.snapshot.reach == 1)
    }

    @Test func silentServerDrainsReach() throws {
        var machine = Self.client()
        _ = machine.start(at: .seconds(0))
        _ = try Self.calibrate(&machine, offset: 0, delays: [0.01, 0.01, 0.01])
        var drained = false
        var t = 2.0
        for _ in 0..<12 where !drained {
            drained = machine.pollDue(now: .at(t)).contains(.reachabilityChanged(0))
            t += 1
        }
        #expect(drained, "eight silent polls empty the reach register (the engine then demobilizes)")
    }
}
