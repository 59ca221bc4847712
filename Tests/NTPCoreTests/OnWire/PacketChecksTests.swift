import Testing
@testable import NTPCore

@Suite struct PacketChecksTests {
    static let sent = NTPTimestamp(seconds: 1000, fraction: 0)

    static func onWire() -> OnWireState {
        var state = OnWireState()
        state.lastSentTransmit = sent
        state.lastReceivedTransmit = NTPTimestamp(seconds: 900, fraction: 0)
        return state
    }

    static func reply(
        leap: LeapIndicator = .noWarning, stratum: UInt8 = 2,
        origin: NTPTimestamp = sent, transmit: NTPTimestamp = NTPTimestamp(seconds: 1001, fraction: 0)
    ) -> NTPPacket {
        NTPPacket(
            leap: leap, mode: .server, stratum: stratum,
            rootDelay: NTPShortFormat(seconds: 0.01), rootDispersion: NTPShortFormat(seconds: 0.01),
            referenceID: ReferenceID(ascii: "GPS"),
            referenceTimestamp: NTPTimestamp(seconds: 990, fraction: 0),
            originTimestamp: origin,
            receiveTimestamp: NTPTimestamp(seconds: 1001, fraction: 0),
            transmitTimestamp: transmit
        )
    }

    static func verdict(_ packet: NTPPacket, _ configure: (inout PacketCheckInput) -> Void = { _ in }) -> PacketVerdict {
        var input = PacketCheckInput(packet: packet, onWire: onWire())
        configure(&input)
        return PacketChecks.evaluate(input)
    }

    @Test func acceptsAValidReply() {
        #expect(Self.verdict(Self.reply()) == .accepted)
    }

    @Test func test1RejectsARepeatedTransmitTimestamp() {
        #expect(Self.verdict(Self.reply(transmit: NTPTimestamp(seconds: 900, fraction: 0))) == .duplicate)
    }

    @Test func test2RejectsAnOriginThatWasNotSent() {
        #expect(Self.verdict(Self.reply(origin: NTPTimestamp(seconds: 999, fraction: 0))) == .bogus)
    }

    @Test func test3RejectsZeroOriginOrTransmit() {
        #expect(Self.verdict(Self.reply(origin: .zero)) == .unsynchronizedProtocol)
        #expect(Self.verdict(Self.reply(transmit: .zero)) == .unsynchronizedProtocol)
    }

    @Test func broadcastSkipsTheOriginChecks() {
        let packet = Self.reply(origin: .zero)
        #expect(Self.verdict(packet) { $0.isBroadcast = true } == .accepted)
    }

    @Test func test5RequiresTheConfiguredKey() {
        #expect(Self.verdict(Self.reply()) { $0.requiredKeyID = 5 } == .authenticationFailed)
        #expect(Self.verdict(Self.reply()) { $0.requiredKeyID = 5; $0.authentication = .verified(keyID: 6) } == .authenticationFailed)
        #expect(Self.verdict(Self.reply()) { $0.requiredKeyID = 5; $0.authentication = .verified(keyID: 5) } == .accepted)
        #expect(Self.verdict(Self.reply()) { $0.authentication = .failed } == .authenticationFailed)
    }

    @Test func cryptoNAKIsReportedAfterTheOriginCheck() {
        var packet = Self.reply()
        packet.authenticator = .cryptoNAK(keyID: 0)
        #expect(Self.verdict(packet) == .cryptoNAK)
        packet.originTimestamp = NTPTimestamp(seconds: 1, fraction: 0)
        #expect(Self.verdict(packet) == .bogus)
    }

    @Test(arguments: [KissCode.rate, .deny, .restrict])
    func detectsKissOfDeath(code: KissCode) {
        var packet = Self.reply(leap: .unsynchronized, stratum: 0)
        packet.referenceID = code.referenceID
        #expect(Self.verdict(packet) == .kissOfDeath(code))
    }

    @Test func spoofedKissOfDeathIsBogus() {
        var packet = Self.reply(leap: .unsynchronized, stratum: 0, origin: NTPTimestamp(seconds: 5, fraction: 0))
        packet.referenceID = KissCode.deny.referenceID
        #expect(Self.verdict(packet) == .bogus)
    }

    @Test func test6RejectsUnsynchronizedServers() {
        #expect(Self.verdict(Self.reply(leap: .unsynchronized)) == .unsynchronizedServer)
        #expect(Self.verdict(Self.reply(stratum: 16)) == .unsynchronizedServer)
        #expect(Self.verdict(Self.reply(stratum: 0)) == .unsynchronizedServer)  // unknown kiss code "GPS"
    }

    @Test func test7RejectsExcessiveRootDistanceAndFutureReferenceTime() {
        var far = Self.reply()
        far.rootDispersion = NTPShortFormat(seconds: 16)
        #expect(Self.verdict(far) == .excessiveRootDistance)
        var future = Self.reply()
        future.referenceTimestamp = NTPTimestamp(seconds: 2000, fraction: 0)
        #expect(Self.verdict(future) == .excessiveRootDistance)
        var delayed = Self.reply()
        delayed.rootDelay = NTPShortFormat(seconds: 2)
        #expect(Self.verdict(delayed) { $0.maximumRootDistance = 1 } == .excessiveRootDistance)
    }
}
