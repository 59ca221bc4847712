import Testing
@testable import NTPCore
@testable import NTPEngine

@Suite struct EngineSynchronizationTests {
    static let port: UInt16 = 10123

    static func server(name: String = "c", host: String, minpoll: Int8 = 1, maxpoll: Int8 = 2, kind: AssociationSettings.Kind = .server, key: UInt32? = nil) -> AssociationSettings {
        AssociationSettings(
            name: name, kind: kind, host: host, port: port, keyID: key,
            minimumPollExponent: minpoll, maximumPollExponent: maxpoll, initialBurst: true
        )
    }

    @Test func clientSynchronizesToRefclockMasterAndReportsNextStratum() throws {
        let world = EngineWorld()
        let master = world.addHost(addresses: ["10.0.0.1"])
        let client = world.addHost(addresses: ["10.0.0.2"], clockOffset: 0.050)
        try world.configure(master, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 2))
        try world.configure(client, EngineConfiguration(
            port: Self.port, listenAddresses: [IPAddress("10.0.0.2")!], associations: [Self.server(host: "10.0.0.1")]
        ))
        world.run(for: 5)
        let snapshot = world.core(client).snapshot()
        #expect(snapshot.clock.synchronized)
        #expect(snapshot.clock.stratum == 3)
        #expect(snapshot.clock.referenceID == ReferenceID(ipv4: 10, 0, 0, 1))
        #expect(snapshot.clock.systemPeer == "c")
        #expect(abs(snapshot.clock.offset + 0.050) < 0.001)
        #expect(snapshot.associations.first?.selection == .systemPeer)
        #expect(world.core(master).counters.requestsServed >= 4)
    }

    @Test func virtualClockConvergesOnTheServerWithoutTouchingTheHost() throws {
        let world = EngineWorld()
        let master = world.addHost(addresses: ["10.0.0.1"])
        let client = world.addHost(addresses: ["10.0.0.2"], clockOffset: 0.020)
        try world.configure(master, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 3))
        try world.configure(client, EngineConfiguration(
            port: Self.port, listenAddresses: [IPAddress("10.0.0.2")!], associations: [Self.server(host: "10.0.0.1", minpoll: 1, maxpoll: 1)]
        ))
        world.run(for: 600)
        let core = world.core(client)
        let correction = core.driver.correction(at: core.hostClock.read().monotonic)
        #expect(abs(correction + 0.020) < 0.002, "correction \(correction)")
        let wall = core.localNow().wall
        let trueWall = world.core(master).localNow().wall
        #expect(abs((wall - trueWall).seconds) < 0.002)
    }

    @Test func unsynchronizedClientIsNotServedAsTime() throws {
        let world = EngineWorld()
        let lonely = world.addHost(addresses: ["10.0.0.3"])
        try world.configure(lonely, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.3")!]))
        let request = NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 5, fraction: 0))
        world.inject(request.serialize(), from: NTPEndpoint(address: IPAddress("10.0.0.9")!, port: 5000),
                     to: NTPEndpoint(address: IPAddress("10.0.0.3")!, port: Self.port))
        world.run(for: 0.01)
        #expect(world.core(lonely).counters.requestsServed == 1)
        let reply = try #require(world.unrouted.last)
        let packet = try NTPPacket.parse(reply.bytes)
        #expect(packet.leap == .unsynchronized)
        #expect(packet.stratum == 16)
        #expect(packet.originTimestamp == request.transmitTimestamp)
    }
}
