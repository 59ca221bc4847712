import TestSupport
import Testing
@testable import NTPCore
@testable import NTPEngine

/// Broadcast through the engine core on the in-memory network: a master
/// broadcasting to 10.0.0.255 and a listener on the same subnet.
@Suite struct BroadcastEngineTests {
    static let port: UInt16 = 10123
    static let serverAddress = IPAddress("10.0.0.1")!
    static let clientAddress = IPAddress("10.0.0.2")!
    static let broadcast = IPAddress("10.0.0.255")!

    static func sender(poll: Int8 = 0, keyID: UInt32? = nil) -> BroadcastServerSettings {
        BroadcastServerSettings(name: "eth0 broadcast", source: serverAddress, destination: broadcast, keyID: keyID, pollExponent: poll)
    }

    static let listener = BroadcastClientSettings(name: "eth0 broadcast", listen: broadcast, source: clientAddress)

    /// Delivers every broadcast the master sends to the listener's broadcast
    /// socket and routes everything else like the world does.
    static func world(clientOffset: Double = 0.003, maximumDynamic: Int = 4) throws -> EngineWorld {
        let world = EngineWorld()
        let master = world.addHost(addresses: ["10.0.0.1"])
        let client = world.addHost(addresses: ["10.0.0.2"], clockOffset: clientOffset)
        world.hosts[client].network.broadcastAddresses = [broadcast]
        try world.configure(master, EngineConfiguration(
            port: port, listenAddresses: [serverAddress], refclockMasterStratum: 2, broadcastServers: [sender()]))
        try world.configure(client, EngineConfiguration(
            port: port, listenAddresses: [clientAddress], maximumDynamicAssociations: maximumDynamic, broadcastClients: [listener]))
        return world
    }

    @Test func listenerFollowsTheBroadcastsAfterCalibrating() throws {
        let world = try Self.world()
        world.run(for: 20)
        let client = world.core(1).snapshot()
        let association = try #require(client.associations.first)
        #expect(association.mode == .broadcastClient && !association.configured)
        #expect(association.remote == NTPEndpoint(address: Self.serverAddress, port: Self.port))
        #expect(association.socket == SocketBinding(address: Self.clientAddress, port: Self.port))
        #expect(association.packetsSent == 4, "the calibration volley")
        #expect(client.clock.synchronized && client.clock.stratum == 3)
        // The client's clock starts 3 ms ahead; the in-memory delay (0.1 ms each way) is calibrated
        // away, so the broadcast offset plus the correction already applied finds those 3 ms.
        let offset = try #require(association.offset)
        #expect(abs(offset + client.clock.correction + 0.003) < 0.000_02, "offset \(offset) correction \(client.clock.correction)")
        #expect(abs((association.delay ?? 0) - 0.000_2) < 0.000_01, "calibrated round trip")
        let master = world.core(0).snapshot().associations
        #expect(master.map(\.mode) == [.broadcastServer])
        #expect(master[0].packetsSent >= 19)
        #expect(Set(world.hosts[1].network.options.keys) == [
            SocketBinding(address: Self.broadcast, port: Self.port), SocketBinding(address: Self.clientAddress, port: Self.port),
        ])
        #expect(world.hosts[0].network.options[SocketBinding(address: Self.serverAddress, port: Self.port)]?.broadcast == true)
    }

    @Test func hostileBroadcastsAreDroppedAndCountedAndTheTableIsBounded() throws {
        let world = try Self.world(maximumDynamic: 2)
        let core = world.core(1)
        let destination = NTPEndpoint(address: Self.broadcast, port: Self.port)
        var generator = SeededGenerator(seed: 9)
        for round in 0..<500 {
            var bytes = (0..<[0, 20, 48, 52, 68, 2049][round % 6]).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if bytes.count >= 48 { bytes[0] = UInt8.random(in: 0...3, using: &generator) << 6 | 4 << 3 | 5 }
            world.inject(bytes, from: NTPEndpoint(address: IPAddress("10.0.0.\(50 + round % 100)")!, port: 123), to: destination)
        }
        #expect(core.records.values.filter(\.isDynamic).count <= 2)
        #expect(core.counters.packetsDropped > 0)
        // Unsynchronized and zero-time broadcasts never mobilize.
        var unsynchronized: [UInt8] = []
        NTPPacket(leap: .unsynchronized, mode: .broadcast, stratum: 16, transmitTimestamp: NTPTimestamp(seconds: 5, fraction: 0))
            .serialize(into: &unsynchronized)
        let before = core.counters.sanityCheckFailures
        world.inject(unsynchronized, from: NTPEndpoint(address: IPAddress("10.0.0.9")!, port: 123), to: destination)
        #expect(core.counters.sanityCheckFailures == before + 1)
    }

    @Test func unsignedBroadcastsAreRefusedWhenAuthenticationIsOn() throws {
        let world = try Self.world()
        var configuration = world.core(1).configuration
        configuration.authenticationRequired = true
        configuration.keys = [SymmetricKey(id: 5, algorithm: .md5, secret: Array("secret".utf8))]
        try world.configure(1, configuration)
        world.run(for: 10)
        #expect(world.core(1).records.isEmpty)
        #expect(world.core(1).counters.unauthenticatedDropped >= 9, "no MAC where one is required")
        // Signed by the master with the trusted key: followed.
        var master = world.core(0).configuration
        master.keys = configuration.keys
        master.broadcastServers = [Self.sender(keyID: 5)]
        try world.configure(0, master)
        world.run(for: 20)
        let association = try #require(world.core(1).snapshot().associations.first)
        #expect(association.keyID == 5 && association.authenticated)
        #expect(world.core(1).snapshot().clock.stratum == 3)
    }

    @Test func removingTheListenerClosesItsSocketAndDropsItsClients() throws {
        let world = try Self.world()
        world.run(for: 10)
        #expect(world.core(1).records.count == 1)
        try world.configure(1, EngineConfiguration(port: Self.port, listenAddresses: [Self.clientAddress]))
        #expect(world.core(1).records.isEmpty)
        #expect(Set(world.core(1).sockets.keys) == [SocketBinding(address: Self.clientAddress, port: Self.port)])
    }

    @Test func silentServerIsDemobilized() throws {
        let world = try Self.world()
        world.run(for: 10)
        #expect(world.core(1).records.count == 1)
        try world.configure(0, EngineConfiguration(port: Self.port, listenAddresses: [Self.serverAddress], refclockMasterStratum: 2))
        world.run(for: 30)
        #expect(world.core(1).records.isEmpty)
    }

    @Test func disabledInterfaceAddressesAnswerNothing() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        try world.configure(host, EngineConfiguration(port: Self.port, refclockMasterStratum: 2, disabledAddresses: [Self.serverAddress]))
        var request: [UInt8] = []
        NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 9, fraction: 0)).serialize(into: &request)
        world.inject(request, from: NTPEndpoint(address: Self.clientAddress, port: 123), to: NTPEndpoint(address: Self.serverAddress, port: Self.port))
        #expect(world.core(host).counters.requestsServed == 0 && world.core(host).counters.accessDenied == 1)
    }
}
