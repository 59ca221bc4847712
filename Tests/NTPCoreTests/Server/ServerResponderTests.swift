import Testing
@testable import NTPCore

@Suite struct ServerResponderTests {
    static let request = NTPPacket(
        version: 3, mode: .client, poll: 7,
        transmitTimestamp: NTPTimestamp(seconds: 3_900_000_000, fraction: 42)
    )
    static let receivedAt = NTPTimestamp(seconds: 3_900_000_001, fraction: 0)
    static let transmitAt = NTPTimestamp(seconds: 3_900_000_001, fraction: 100)

    static let synchronized = SystemVariables(
        leap: .noWarning, stratum: 3, precision: -22, rootDelay: 0.02, rootDispersion: 0.01,
        referenceID: ReferenceID(ipv4: 127, 0, 1, 31), referenceTime: NTPTimestamp(seconds: 3_899_999_990, fraction: 0)
    )

    @Test func repliesWithTheSystemVariablesAndEchoesTheOrigin() throws {
        let reply = try #require(ServerResponder.reply(
            to: Self.request, receivedAt: Self.receivedAt, served: Self.synchronized, transmitTimestamp: { Self.transmitAt }
        ))
        #expect(reply.mode == .server)
        #expect(reply.version == 3)
        #expect(reply.leap == .noWarning)
        #expect(reply.stratum == 3)
        #expect(reply.poll == 7)
        #expect(reply.precision == -22)
        #expect(reply.rootDelay == NTPShortFormat(seconds: 0.02))
        #expect(reply.referenceID == ReferenceID(ipv4: 127, 0, 1, 31))
        #expect(reply.originTimestamp == Self.request.transmitTimestamp)
        #expect(reply.receiveTimestamp == Self.receivedAt)
        #expect(reply.transmitTimestamp == Self.transmitAt)
    }

    @Test func unsynchronizedServerAnswersLeap3Stratum16() throws {
        let served = ServedClock.variables(
            system: .unsynchronized(precision: -20), refclockMaster: nil, now: Self.receivedAt
        )
        let reply = try #require(ServerResponder.reply(
            to: Self.request, receivedAt: Self.receivedAt, served: served, transmitTimestamp: { Self.transmitAt }
        ))
        #expect(reply.leap == .unsynchronized)
        #expect(reply.stratum == 16)
    }

    @Test func refclockMasterServesItsStratum() {
        let served = ServedClock.variables(
            system: .unsynchronized(precision: -20), refclockMaster: ReferenceClockMaster(stratum: 2), now: Self.receivedAt
        )
        #expect(served.stratum == 2)
        #expect(served.leap == .noWarning)
        #expect(served.referenceID == ReferenceID(ascii: "LOCL"))
        #expect(served.referenceTime == Self.receivedAt)
    }

    @Test func betterUpstreamWinsOverTheRefclockMaster() {
        var upstream = Self.synchronized
        upstream.stratum = 2
        let served = ServedClock.variables(system: upstream, refclockMaster: ReferenceClockMaster(stratum: 5), now: Self.receivedAt)
        #expect(served == upstream)
        let worse = ServedClock.variables(system: Self.synchronized, refclockMaster: ReferenceClockMaster(stratum: 2), now: Self.receivedAt)
        #expect(worse.stratum == 2)
    }

    @Test func onlyClientRequestsAreAnswered() {
        var request = Self.request
        request.mode = .symmetricActive
        #expect(ServerResponder.reply(to: request, receivedAt: Self.receivedAt, served: Self.synchronized, transmitTimestamp: { Self.transmitAt }) == nil)
    }

    @Test func rateKissCarriesNoTime() {
        let kiss = ServerResponder.rateKiss(to: Self.request, minimumPoll: 10)
        #expect(kiss.stratum == 0)
        #expect(kiss.leap == .unsynchronized)
        #expect(kiss.kissCode == .rate)
        #expect(kiss.poll == 10)
        #expect(kiss.originTimestamp == Self.request.transmitTimestamp)
        #expect(kiss.transmitTimestamp == Self.request.transmitTimestamp)
    }

    @Test func aClientSeesTheServersKissAsRate() throws {
        var client = AssociationStateMachine(
            id: AssociationID(1), configuration: AssociationConfiguration(mode: .client),
            system: .unsynchronized(precision: -20)
        )
        _ = client.start(at: .seconds(0))
        let request = try #require(client.pollDue(now: .at(0)).sentPackets.first)
        let kiss = ServerResponder.rateKiss(to: request, minimumPoll: 8)
        #expect(client.receive(kiss, at: .at(0.01)).first == .kissReceived(.rate))
    }
}

@Suite struct NTPServerTests {
    static let synchronized = ServerResponderTests.synchronized

    static func request(_ second: Double) -> NTPPacket {
        NTPPacket(mode: .client, transmitTimestamp: LocalTimestamp.at(second).wall)
    }

    @Test func answersWithoutALimiter() {
        var server = NTPServer<String>(rateLimit: nil)
        for second in 0..<100 {
            let reply = server.handle(Self.request(Double(second) / 100), from: "a", at: .at(Double(second) / 100),
                                      served: Self.synchronized, transmitTimestamp: { LocalTimestamp.at(1).wall })
            guard case .reply = reply else { Issue.record("expected a reply, got \(reply)"); return }
        }
    }

    @Test func kissesThenDropsAFloodingClient() {
        var server = NTPServer<String>(rateLimit: RateLimitPolicy(averageInterval: 2, burst: 3, kissInterval: 10))
        var outcomes: [String] = []
        for index in 0..<6 {
            let now = Double(index) * 0.1
            switch server.handle(Self.request(now), from: "flood", at: .at(now), served: Self.synchronized, transmitTimestamp: { LocalTimestamp.at(now).wall }) {
            case .reply: outcomes.append("reply")
            case .kissOfDeath: outcomes.append("kiss")
            case .drop: outcomes.append("drop")
            }
        }
        #expect(outcomes == ["reply", "reply", "reply", "kiss", "drop", "drop"])
        let other = server.handle(Self.request(0.6), from: "polite", at: .at(0.6), served: Self.synchronized, transmitTimestamp: { LocalTimestamp.at(0.6).wall })
        guard case .reply = other else { Issue.record("another client must not be limited"); return }
    }

    @Test func dropsNonClientModes() {
        var server = NTPServer<String>(rateLimit: nil)
        let packet = NTPPacket(mode: .broadcast, transmitTimestamp: LocalTimestamp.at(0).wall)
        #expect(server.handle(packet, from: "x", at: .at(0), served: Self.synchronized, transmitTimestamp: { .zero }) == .drop(.notAClientRequest))
    }
}

@Suite struct ClientRateLimiterTests {
    @Test func tokensRefillAtTheAverageRate() {
        var limiter = ClientRateLimiter<Int>(policy: RateLimitPolicy(averageInterval: 1, burst: 2, kissInterval: 0))
        #expect(limiter.admit(1, at: .seconds(0)) == .allow)
        #expect(limiter.admit(1, at: .seconds(0)) == .allow)
        #expect(limiter.admit(1, at: .seconds(0)) == .kissOfDeath)
        #expect(limiter.admit(1, at: .seconds(1)) == .allow)
        #expect(limiter.admit(1, at: .seconds(1.5)) == .kissOfDeath)
        #expect(limiter.admit(1, at: .seconds(10)) == .allow)
    }

    @Test func tableStaysBoundedAndEvictsTheLeastRecentlySeen() {
        var limiter = ClientRateLimiter<Int>(policy: RateLimitPolicy(averageInterval: 100, burst: 1, tableCapacity: 4, associativity: 4))
        for client in 0..<4 { #expect(limiter.admit(client, at: .seconds(Double(client))) == .allow) }
        #expect(limiter.admit(0, at: .seconds(5)) == .kissOfDeath)  // client 0 is remembered and out of tokens
        #expect(limiter.admit(99, at: .seconds(6)) == .allow)        // evicts client 1, the least recently seen
        #expect(limiter.trackedClients == 4)
        #expect(limiter.admit(1, at: .seconds(7)) == .allow)         // forgotten, so a fresh bucket
        for client in 1000..<3000 { _ = limiter.admit(client, at: .seconds(8)) }
        #expect(limiter.trackedClients == 4)
    }
}
