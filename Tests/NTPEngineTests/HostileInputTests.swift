import TestSupport
import Testing
@testable import NTPCore
@testable import NTPEngine

/// Hostile datagrams reach a synchronized client and a server: each is
/// dropped and counted, nothing traps, and the clock is not disturbed.
@Suite struct HostileInputTests {
    static let port: UInt16 = 10123
    let server = NTPEndpoint(address: IPAddress("10.0.0.1")!, port: port)
    let client = NTPEndpoint(address: IPAddress("10.0.0.2")!, port: port)

    /// A master at stratum 2 and a client synchronized to it.
    func synchronizedPair() throws -> EngineWorld {
        let world = EngineWorld()
        let master = world.addHost(addresses: ["10.0.0.1"])
        let host = world.addHost(addresses: ["10.0.0.2"], clockOffset: 0.003)
        try world.configure(master, EngineConfiguration(port: Self.port, listenAddresses: [server.address], refclockMasterStratum: 2))
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [client.address], associations: [
            AssociationSettings(name: "c", host: "10.0.0.1", port: Self.port, minimumPollExponent: 1, maximumPollExponent: 1, initialBurst: true),
        ]))
        world.run(for: 10)
        #expect(world.core(host).snapshot().clock.synchronized)
        return world
    }

    struct ClockFingerprint: Equatable {
        var correction: Double
        var offset: Double
        var stratum: UInt8
        var estimate: Double?
        var reach: UInt8

        init(_ core: EngineCore) {
            let snapshot = core.snapshot()
            correction = core.driver.correction(at: core.hostClock.read().monotonic)
            offset = snapshot.clock.offset
            stratum = snapshot.clock.stratum
            estimate = snapshot.associations.first?.offset
            reach = snapshot.associations.first?.reach ?? 0
        }
    }

    @Test func randomDatagramsAreCountedAndNeverDisturbTheClock() throws {
        let world = try synchronizedPair()
        let core = world.core(1)
        let before = ClockFingerprint(core)
        let received = core.counters.packetsReceived
        var generator = SeededGenerator(seed: 4)
        for round in 0..<2_000 {
            let length = [0, 1, 47, 48, 52, 64, 68, 72, 100, 2048, 2049][round % 11]
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if round % 3 == 0, length >= 48 {
                bytes[0] = UInt8.random(in: 0...7, using: &generator) << 3 | 4  // server mode, any version
            }
            world.inject(bytes, from: server, to: client)
        }
        #expect(ClockFingerprint(core) == before)
        #expect(core.counters.packetsReceived == received + 2_000)
        // Every datagram is served, answered with a rate KoD, or dropped.
        #expect(core.counters.packetsDropped + core.counters.kissCodesSent >= 2_000 - core.counters.requestsServed)
        #expect(core.counters.badPackets > 0)
    }

    @Test func mutatedRepliesFromTheServerAreRejected() throws {
        let world = try synchronizedPair()
        let core = world.core(1)
        let genuine = try #require(world.delivered.last { $0.to == 1 }?.datagram.bytes)
        let before = ClockFingerprint(core)
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<1_000 {
            var bytes = genuine
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            }
            world.inject(bytes, from: server, to: client)
        }
        #expect(ClockFingerprint(core) == before)
        // Mutations that turn the reply into a request are answered; the
        // rest are dropped.
        #expect(core.counters.packetsDropped + core.counters.requestsServed >= 1_000)
    }

    @Test func truncatedOversizedAndWrongModePacketsAreBadPackets() throws {
        let world = try synchronizedPair()
        let core = world.core(1)
        let before = core.counters
        let request = NTPPacket(mode: .server, stratum: 1, transmitTimestamp: NTPTimestamp(seconds: 9, fraction: 9)).serialize()
        world.inject(Array(request.prefix(47)), from: server, to: client)
        world.inject(request + [UInt8](repeating: 0, count: 3000), from: server, to: client)
        for mode: UInt8 in [0, 6, 7] {
            var bytes = request
            bytes[0] = 4 << 3 | mode
            world.inject(bytes, from: server, to: client)
        }
        world.inject(request, from: NTPEndpoint(address: IPAddress("10.9.9.9")!, port: 123), to: client)
        #expect(core.counters.badPackets == before.badPackets + 6)
        #expect(core.counters.packetsDropped == before.packetsDropped + 6)
    }

    @Test func replayedAndSpoofedRepliesFailTheOriginChecks() throws {
        let world = try synchronizedPair()
        let core = world.core(1)
        let genuine = try #require(world.delivered.last { $0.to == 1 }?.datagram.bytes)
        let before = ClockFingerprint(core)
        let failures = core.counters.sanityCheckFailures
        world.inject(genuine, from: server, to: client)  // replay: duplicate
        var spoofed = try NTPPacket.parse(genuine)
        spoofed.originTimestamp = NTPTimestamp(rawValue: 0x1234_5678_9ABC_DEF0)
        spoofed.transmitTimestamp = spoofed.transmitTimestamp + NTPInterval(seconds: 1_000)
        world.inject(spoofed.serialize(), from: server, to: client)  // bogus origin, huge offset
        var kiss = spoofed
        kiss.stratum = 0
        kiss.referenceID = KissCode.deny.referenceID
        world.inject(kiss.serialize(), from: server, to: client)  // off-path DENY
        #expect(core.counters.sanityCheckFailures == failures + 3)
        #expect(ClockFingerprint(core) == before)
        #expect(core.snapshot().associations[0].isRunning, "a spoofed DENY does not stop the association")
    }

    @Test func floodingClientGetsRateKissThenSilence() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [server.address], refclockMasterStratum: 3,
                                                      rateLimit: RateLimitPolicy(averageInterval: 2, burst: 4, kissInterval: 16)))
        let flooder = NTPEndpoint(address: IPAddress("10.0.0.50")!, port: 40000)
        for index in 0..<20 {
            let request = NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 100, fraction: UInt32(index + 1)))
            world.inject(request.serialize(), from: flooder, to: server)
        }
        let counters = world.core(host).counters
        #expect(counters.requestsServed == 4)
        #expect(counters.kissCodesSent == 1)
        #expect(counters.rateLimited == 15)
        world.run(for: 0.01)
        let kiss = try NTPPacket.parse(try #require(world.unrouted.last).bytes)
        #expect(kiss.kissCode == .rate && kiss.leap == .unsynchronized)
    }

    @Test func theDefaultRateLimitIsInForceFromTheFirstConfiguration() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        // No rateLimit argument: the default policy, as meridiand configures the engine.
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [server.address], refclockMasterStratum: 3))
        let flooder = NTPEndpoint(address: IPAddress("10.0.0.51")!, port: 40000)
        for index in 0..<200 {
            let request = NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 100, fraction: UInt32(index + 1)))
            world.inject(request.serialize(), from: flooder, to: server)
        }
        let counters = world.core(host).counters
        #expect(counters.rateLimited > 0, "a client sending 200 requests at once is limited")
        #expect(counters.requestsServed < 200)
    }

    @Test func accessRulesGateRequestsAndPassivePeers() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        let rules = AccessRules(rules: [.synchronization: [IPPrefix("10.0.0.0/30")!], .peer: [IPPrefix("10.0.1.0/24")!]])
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [server.address], refclockMasterStratum: 3, accessRules: rules))
        let request = NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 100, fraction: 1)).serialize()
        let active = NTPPacket(mode: .symmetricActive, transmitTimestamp: NTPTimestamp(seconds: 100, fraction: 2)).serialize()
        world.inject(request, from: NTPEndpoint(address: IPAddress("10.0.0.2")!, port: 1), to: server)
        world.inject(request, from: NTPEndpoint(address: IPAddress("10.0.0.9")!, port: 1), to: server)
        world.inject(active, from: NTPEndpoint(address: IPAddress("10.0.0.2")!, port: Self.port), to: server)
        world.inject(active, from: NTPEndpoint(address: IPAddress("10.0.1.7")!, port: Self.port), to: server)
        world.inject(request, from: NTPEndpoint(address: IPAddress("10.0.1.7")!, port: 2), to: server)
        let core = world.core(host)
        #expect(core.counters.requestsServed == 2)
        #expect(core.counters.accessDenied == 2)
        #expect(core.snapshot().associations.map(\.remote?.address) == [IPAddress("10.0.1.7")])
    }

    @Test func dynamicAssociationsAreBounded() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [server.address], refclockMasterStratum: 3, maximumDynamicAssociations: 2))
        for index in 0..<5 {
            let active = NTPPacket(mode: .symmetricActive, transmitTimestamp: NTPTimestamp(seconds: 100, fraction: UInt32(index + 1)))
            world.inject(active.serialize(), from: NTPEndpoint(address: .v4(0x0A00_0100 + UInt32(index)), port: Self.port), to: server)
        }
        let core = world.core(host)
        #expect(core.snapshot().associations.count == 2)
        #expect(core.counters.ephemeralRefused == 3)
    }
}
