import Testing
@testable import NTPCore
@testable import NTPEngine

/// The engine's in-place answer to plain client requests: the same reply,
/// access rules, rate limit and counters as the general path.
@Suite struct InPlaceServingTests {
    static let port: UInt16 = 10123
    static let server = NTPEndpoint(address: IPAddress("10.0.0.1")!, port: port)
    static let client = NTPEndpoint(address: IPAddress("10.0.0.9")!, port: 40000)

    static func world(_ configure: (inout EngineConfiguration) -> Void = { _ in }) throws -> (EngineWorld, EngineCore) {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        var configuration = EngineConfiguration(port: port, listenAddresses: [server.address], refclockMasterStratum: 2, rateLimit: nil)
        configure(&configuration)
        try world.configure(host, configuration)
        return (world, world.core(host))
    }

    static func request(transmit: UInt64) -> [UInt8] {
        NTPPacket(version: 4, mode: .client, poll: 6, transmitTimestamp: NTPTimestamp(rawValue: transmit)).serialize()
    }

    /// Answers `bytes` in place; nil when the batch cannot start or nothing is sent.
    static func answer(_ core: EngineCore, _ bytes: [UInt8], from address: IPAddress = client.address, kernel: NTPTimestamp? = nil) -> (InPlaceOutcome, [UInt8])? {
        let binding = SocketBinding(address: server.address, port: port)
        guard let batch = core.beginInPlaceBatch(on: binding) else { return nil }
        var reply = [UInt8](repeating: 0, count: 48)
        let outcome = bytes.withUnsafeBytes { request in
            reply.withUnsafeMutableBytes { slot in
                core.answerInPlace(request, from: batch.needsAddress ? address : nil, kernelTimestamp: kernel, batch: batch, into: slot)
            }
        }
        return (outcome, reply)
    }

    @Test func replyMatchesTheGeneralPathAndCounts() throws {
        let (world, core) = try Self.world()
        let bytes = Self.request(transmit: 0xAABB_CCDD_0011_2233)
        let before = core.counters
        let (outcome, reply) = try #require(Self.answer(core, bytes))
        #expect(outcome == .reply)
        #expect(core.counters.packetsReceived == before.packetsReceived + 1)
        #expect(core.counters.requestsServed == before.requestsServed + 1)
        #expect(core.counters.packetsSent == before.packetsSent + 1)
        // The general path's reply to the same request, on the same manual clock.
        let binding = SocketBinding(address: Self.server.address, port: Self.port)
        core.receive(IncomingDatagram(bytes: bytes, source: Self.client, socket: binding, destination: Self.server.address))
        let general = try #require(core.outbox.last?.bytes)
        core.outbox.removeAll()
        #expect(Array(reply.prefix(40)) == Array(general.prefix(40)))
        #expect(reply.suffix(8).allSatisfy { $0 == 0 })  // stamped by the sender just before sendmmsg
        _ = world
    }

    @Test func accessRulesDenyAndCount() throws {
        let (_, core) = try Self.world { configuration in
            configuration.accessRules = AccessRules(rules: [.synchronization: [IPPrefix("10.0.1.0/24")!]])
        }
        let before = core.counters
        let (outcome, _) = try #require(Self.answer(core, Self.request(transmit: 1)))
        #expect(outcome == .dropped)
        #expect(core.counters.accessDenied == before.accessDenied + 1)
        #expect(core.counters.packetsDropped == before.packetsDropped + 1)
        #expect(core.counters.packetsSent == before.packetsSent)
        let (allowed, _) = try #require(Self.answer(core, Self.request(transmit: 2), from: IPAddress("10.0.1.7")!))
        #expect(allowed == .reply)
    }

    @Test func rateLimitKissesThenDrops() throws {
        let (_, core) = try Self.world { configuration in
            configuration.rateLimit = RateLimitPolicy(averageInterval: 2, burst: 2, kissInterval: 10)
        }
        var outcomes: [InPlaceOutcome] = []
        var kiss: [UInt8] = []
        for index in 0..<10 {
            let (outcome, reply) = try #require(Self.answer(core, Self.request(transmit: UInt64(index + 1))))
            outcomes.append(outcome)
            if outcome == .kiss { kiss = reply }
        }
        #expect(outcomes.prefix(2).allSatisfy { $0 == .reply })
        #expect(outcomes.contains(.kiss))
        #expect(outcomes.contains(.dropped))
        #expect(core.counters.kissCodesSent == outcomes.filter { $0 == .kiss }.count)
        #expect(core.counters.rateLimited == outcomes.filter { $0 == .dropped }.count)
        let packet = try NTPPacket.parse(kiss)
        #expect(packet.stratum == 0 && packet.kissCode == .rate && packet.leap == .unsynchronized)
    }

    @Test func aSocketThatDoesNotServeLeavesItToTheGeneralPath() throws {
        let (_, core) = try Self.world { configuration in configuration.serverEnabled = false }
        #expect(Self.answer(core, Self.request(transmit: 1)) == nil)
    }

    @Test func implausibleKernelTimestampsFallBackToTheBatchReading() throws {
        let (_, core) = try Self.world()
        let future = core.localNow().wall + NTPInterval(seconds: 5)
        let (_, reply) = try #require(Self.answer(core, Self.request(transmit: 1), kernel: future))
        let received = try NTPPacket.parse(reply).receiveTimestamp
        #expect(abs((received - core.localNow().wall).seconds) < 0.001)
    }
}

extension InPlaceServingTests {
    @Test func disabledInterfacesLeaveItToTheGeneralPath() throws {
        let (_, core) = try Self.world { configuration in configuration.disabledAddresses = [IPAddress("10.0.0.1")!] }
        #expect(Self.answer(core, Self.request(transmit: 1)) == nil)
    }
}
