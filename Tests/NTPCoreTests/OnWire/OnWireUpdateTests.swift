import Testing
@testable import NTPCore

/// A packet that fails the on-wire tests changes nothing of the association:
/// the origin our next packet carries stays the genuine peer's. The one
/// exception, a symmetric peer starting a conversation, is narrow.
@Suite struct OnWireUpdateTests {
    static let system = SystemVariables.unsynchronized(precision: -20)

    static func symmetric(_ mode: AssociationMode = .symmetricActive, poll: Int8 = 0,
                          _ configure: (inout AssociationConfiguration) -> Void = { _ in }) -> AssociationStateMachine {
        var configuration = AssociationConfiguration(mode: mode, minimumPollExponent: poll, maximumPollExponent: max(poll, 0))
        configure(&configuration)
        return AssociationStateMachine(id: AssociationID(1), configuration: configuration, system: system)
    }

    /// A symmetric packet from the peer at `t` s with the given origin.
    static func peerPacket(mode: NTPMode = .symmetricPassive, origin: NTPTimestamp, at t: Double, poll: Int8 = 0) -> NTPPacket {
        NTPPacket(
            mode: mode, stratum: 2, poll: poll, precision: -20,
            rootDelay: NTPShortFormat(seconds: 0.001), rootDispersion: NTPShortFormat(seconds: 0.001),
            referenceID: ReferenceID(ascii: "GPS"), referenceTimestamp: LocalTimestamp.at(t - 10).wall,
            originTimestamp: origin, receiveTimestamp: origin.isZero ? .zero : LocalTimestamp.at(t - 0.001).wall,
            transmitTimestamp: LocalTimestamp.at(t).wall)
    }

    static let forgedOrigin = LocalTimestamp.at(777).wall

    @Test func aForgedPacketDoesNotChangeTheOriginOfTheNextPoll() throws {
        var machine = Self.symmetric()
        _ = machine.start(at: .seconds(0))
        let first = try #require(machine.pollDue(now: .at(0)).sentPackets.first)
        let answer = Self.peerPacket(origin: first.transmitTimestamp, at: 0.01)
        #expect(machine.receive(answer, at: .at(0.02)).contains(.reachabilityChanged(1)))
        var forged = Self.peerPacket(origin: Self.forgedOrigin, at: 0.5)
        forged.transmitTimestamp = LocalTimestamp.at(555).wall
        #expect(machine.receive(forged, at: .at(0.5)) == [.rejected(.bogus)])
        var zeroOrigin = Self.peerPacket(origin: .zero, at: 0.6)
        zeroOrigin.transmitTimestamp = LocalTimestamp.at(556).wall
        #expect(machine.receive(zeroOrigin, at: .at(0.6)) == [.rejected(.unsynchronizedProtocol)])
        let next = try #require(machine.pollDue(now: .at(1)).sentPackets.first)
        #expect(next.originTimestamp == answer.transmitTimestamp, "the peer's transmit time, not a forger's")
        #expect(next.receiveTimestamp == LocalTimestamp.at(0.02).wall)
        // The genuine peer's answer to it is still accepted.
        let genuine = Self.peerPacket(origin: next.transmitTimestamp, at: 1.01)
        #expect(machine.receive(genuine, at: .at(1.02)).contains { if case .sample = $0 { true } else { false } })
    }

    @Test func aClientIgnoresABogusReplyAndStillTakesTheGenuineOne() throws {
        var machine = AssociationStateMachine(
            id: AssociationID(1), configuration: AssociationConfiguration(mode: .client), system: Self.system)
        _ = machine.start(at: .seconds(0))
        let request = try #require(machine.pollDue(now: .at(0)).sentPackets.first)
        let server = SimulatedServer(offset: 0)
        var spoofed = server.reply(to: request)
        spoofed.originTimestamp = Self.forgedOrigin
        spoofed.transmitTimestamp = server.reply(to: request).transmitTimestamp
        // The forgery carries the genuine reply's transmit time: were it
        // recorded, the genuine reply would then be rejected as a duplicate.
        #expect(machine.receive(spoofed, at: .at(0.01)) == [.rejected(.bogus)])
        let actions = machine.receive(server.reply(to: request), at: server.arrival(of: request, sentAt: .at(0)))
        #expect(actions.contains(.reachabilityChanged(1)))
    }

    @Test func aSymmetricPeerThatHasNotHeardFromUsStartsTheConversation() throws {
        var machine = Self.symmetric(.symmetricPassive)
        _ = machine.start(at: .seconds(0))
        let hello = Self.peerPacket(mode: .symmetricActive, origin: .zero, at: 0)
        let actions = machine.receive(hello, at: .at(0.001))
        #expect(actions.contains(.rejected(.unsynchronizedProtocol)))
        let reply = try #require(actions.sentPackets.first, "a laboratory-poll passive peer answers at once")
        #expect(reply.originTimestamp == hello.transmitTimestamp)
    }

    @Test func aPeerThatRestartedIsHeardWhileNoValidPacketCameForTwoPolls() throws {
        var machine = Self.symmetric()
        _ = machine.start(at: .seconds(0))
        let first = try #require(machine.pollDue(now: .at(0)).sentPackets.first)
        _ = machine.receive(Self.peerPacket(origin: first.transmitTimestamp, at: 0.01), at: .at(0.02))
        // Two polls without a valid packet: the peer restarted and lost our timestamps.
        _ = machine.pollDue(now: .at(1))
        _ = machine.pollDue(now: .at(2))
        let restarted = Self.peerPacket(origin: Self.forgedOrigin, at: 2.5)
        #expect(machine.receive(restarted, at: .at(2.5)) == [.rejected(.bogus)])
        let next = try #require(machine.pollDue(now: .at(3)).sentPackets.first)
        #expect(next.originTimestamp == restarted.transmitTimestamp)
    }

    @Test func withAKeyOrRequiredAuthenticationOnlyAnAuthenticatedPacketStartsIt() throws {
        for configure: (inout AssociationConfiguration) -> Void in [{ $0.keyID = 5 }, { $0.requireAuthentication = true }] {
            var machine = Self.symmetric(.symmetricActive, configure)
            _ = machine.start(at: .seconds(0))
            _ = machine.pollDue(now: .at(0))
            let unsigned = Self.peerPacket(origin: .zero, at: 0.1)
            _ = machine.receive(unsigned, at: .at(0.1))
            #expect(try #require(machine.pollDue(now: .at(1)).sentPackets.first).originTimestamp == .zero)
            let signed = Self.peerPacket(origin: .zero, at: 1.1)
            _ = machine.receive(signed, at: .at(1.1), authentication: .verified(keyID: 5))
            #expect(try #require(machine.pollDue(now: .at(2)).sentPackets.first).originTimestamp == signed.transmitTimestamp)
        }
    }

    @Test func aPassivePeerDoesNotAnswerAForgeryOnceItsPeerAnswers() throws {
        var machine = Self.symmetric(.symmetricPassive)
        _ = machine.start(at: .seconds(0))
        let hello = Self.peerPacket(mode: .symmetricActive, origin: .zero, at: 0)
        let reply = try #require(machine.receive(hello, at: .at(0.001)).sentPackets.first)
        let answer = Self.peerPacket(mode: .symmetricActive, origin: reply.transmitTimestamp, at: 0.01)
        #expect(machine.receive(answer, at: .at(0.011)).contains(.reachabilityChanged(1)))
        let forged = Self.peerPacket(mode: .symmetricActive, origin: Self.forgedOrigin, at: 0.2)
        #expect(machine.receive(forged, at: .at(0.2)).sentPackets.isEmpty, "no reflection of forged packets")
    }

    @Test func requiredAuthenticationFailsTestFiveForAPacketWithoutMAC() {
        #expect(PacketChecks.test5Authentication(.none, requiredKeyID: nil, requireAuthentication: true))
        #expect(!PacketChecks.test5Authentication(.none, requiredKeyID: nil, requireAuthentication: false))
        #expect(!PacketChecks.test5Authentication(.verified(keyID: 3), requiredKeyID: nil, requireAuthentication: true))
        #expect(PacketChecks.test5Authentication(.verified(keyID: 3), requiredKeyID: 4, requireAuthentication: true))
        #expect(PacketChecks.test5Authentication(.failed, requiredKeyID: nil, requireAuthentication: false))
    }
}
