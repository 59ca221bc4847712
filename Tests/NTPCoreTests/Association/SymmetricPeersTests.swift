import Testing
@testable import NTPCore

/// Two symmetric associations exchanging packets over an in-memory link.
@Suite struct SymmetricPeersTests {
    static let system = SystemVariables(leap: .noWarning, stratum: 3, precision: -20, referenceTime: .zero)

    static func machine(_ id: UInt32, _ mode: AssociationMode) -> AssociationStateMachine {
        AssociationStateMachine(
            id: AssociationID(id), configuration: AssociationConfiguration(mode: mode), system: system
        )
    }

    @Test func activeAndPassivePeersConvergeOnTheOffsetWithAsymmetry() throws {
        // B's clock is 0.3 s ahead; the path is 30 ms one way and 10 ms back,
        // so each side sees the true offset biased by half the asymmetry.
        var link = InMemoryLink(
            a: Self.machine(1, .symmetricActive), clockOffsetA: 0,
            b: nil, clockOffsetB: 0.3, delayAToB: 0.030, delayBToA: 0.010
        )
        link.makePassive = { packet in
            #expect(packet.mode == .symmetricActive)
            return (Self.machine(2, .symmetricPassive), .seconds(3))
        }
        link.start()
        link.run(until: 20 * 64)

        let seenByA = try #require(link.peers[0].estimates.last)
        let seenByB = try #require(link.peers[1].estimates.last)
        #expect(abs(seenByA.offset - (0.3 + 0.010)) < 1e-6)
        #expect(abs(seenByB.offset - (-0.3 + -0.010)) < 1e-6)
        #expect(abs(seenByA.delay - 0.040) < 1e-6)
        // The run may stop between a poll and its reply: at most one bit missing.
        #expect((link.peers[0].machine?.snapshot.reach ?? 0).nonzeroBitCount >= 7)
        #expect((link.peers[1].machine?.snapshot.reach ?? 0).nonzeroBitCount >= 7)
        #expect(link.peers[0].estimates.count >= 15)
    }

    @Test func twoStaticActivePeersConvergeWithASymmetricPath() throws {
        var link = InMemoryLink(
            a: Self.machine(1, .symmetricActive), clockOffsetA: -0.125,
            b: Self.machine(2, .symmetricActive), clockOffsetB: 0.05, delayAToB: 0.020, delayBToA: 0.020
        )
        link.start(startDelayB: 17)
        link.run(until: 16 * 64)
        let seenByA = try #require(link.peers[0].estimates.last)
        #expect(abs(seenByA.offset - 0.175) < 1e-6)
        #expect(abs(seenByA.delay - 0.040) < 1e-6)
        let seenByB = try #require(link.peers[1].estimates.last)
        #expect(abs(seenByB.offset + 0.175) < 1e-6)
    }

    @Test func theFirstPacketOfAnExchangeIsNotUsed() {
        var link = InMemoryLink(
            a: Self.machine(1, .symmetricActive), clockOffsetA: 0,
            b: Self.machine(2, .symmetricActive), clockOffsetB: 0, delayAToB: 0.01, delayBToA: 0.01
        )
        link.start(startDelayB: 5)
        link.run(until: 1)
        // B has heard nothing from A before A's packet: origin zero (test 3).
        #expect(link.peers[1].rejected == [.unsynchronizedProtocol])
    }
}
