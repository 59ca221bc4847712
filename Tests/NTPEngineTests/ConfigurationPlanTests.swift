import Testing
@testable import NTPCore
@testable import NTPEngine

@Suite struct ConfigurationPlanTests {
    static let port: UInt16 = 10123
    let a = IPAddress("10.0.0.1")!
    let b = IPAddress("10.0.0.2")!

    func twoServers(preferFirst: Bool = false) -> EngineConfiguration {
        EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.3")!], associations: [
            AssociationSettings(name: "a", host: "10.0.0.1", port: Self.port, minimumPollExponent: 1, maximumPollExponent: 1, initialBurst: true, prefer: preferFirst),
            AssociationSettings(name: "b", host: "10.0.0.2", port: Self.port, minimumPollExponent: 1, maximumPollExponent: 1, initialBurst: true),
        ])
    }

    func world() throws -> (EngineWorld, Int) {
        let world = EngineWorld()
        for (index, address) in ["10.0.0.1", "10.0.0.2"].enumerated() {
            let host = world.addHost(addresses: [address])
            try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress(address)!], refclockMasterStratum: UInt8(2 + index)))
        }
        let client = world.addHost(addresses: ["10.0.0.3", "10.0.0.4"])
        return (world, client)
    }

    @Test func changingOneAssociationKeepsTheOthersReachAndFilter() throws {
        let (world, client) = try world()
        try world.configure(client, twoServers())
        world.run(for: 20)
        let before = world.core(client).snapshot().associations
        let reachB = try #require(before.first { $0.name == "b" }).reach
        let reachA = try #require(before.first { $0.name == "a" }).reach
        #expect(reachB != 0 && reachA != 0)
        try world.configure(client, twoServers(preferFirst: true))
        let after = world.core(client).snapshot().associations
        let b = try #require(after.first { $0.name == "b" })
        #expect(b.reach == reachB)
        #expect(b.offset != nil)
        let a = try #require(after.first { $0.name == "a" })
        #expect(a.prefer, "the new prefer setting is in effect")
        #expect(a.reach == reachA && a.offset != nil, "a prefer-only change keeps the association's own state too")
        #expect(world.hosts[client].network.bindCount == 1, "the listening socket is reused")
    }

    @Test func changingThePollIntervalsRestartsOnlyThatAssociation() throws {
        let (world, client) = try world()
        try world.configure(client, twoServers())
        world.run(for: 20)
        let reachB = try #require(world.core(client).snapshot().associations.first { $0.name == "b" }).reach
        var changed = twoServers()
        changed.associations[0].maximumPollExponent = 3
        try world.configure(client, changed)
        let after = world.core(client).snapshot().associations
        #expect(try #require(after.first { $0.name == "a" }).reach == 0, "new poll limits start the association afresh")
        #expect(try #require(after.first { $0.name == "b" }).reach == reachB)
    }

    @Test func aPortAnotherProcessHoldsIsRefusedAndAPortTheEngineHoldsIsNotAskedAgain() throws {
        let network = InMemoryNetwork(hostAddresses: [IPAddress("10.0.0.3")!, IPAddress("10.0.0.4")!])
        let core = EngineCore(hostClock: ManualHostClock(shared: ManualHostClock.Shared()), driver: VirtualClockDriver())
        network.portsInUseElsewhere = [Self.port]
        let listening = EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.3")!], refclockMasterStratum: 3)
        #expect(throws: EngineError.self) { try core.prepare(listening, factory: network) }
        #expect(network.bound.isEmpty, "nothing bound when the port is taken")
        network.portsInUseElsewhere = []
        core.apply(try core.prepare(listening, factory: network).id)
        #expect(network.probes == Array(repeating: SocketBinding(address: IPAddress("10.0.0.3")!, port: Self.port), count: 2))
        // A second address on the port the engine already holds: its own sockets share it.
        var wider = listening
        wider.listenAddresses.append(IPAddress("10.0.0.4")!)
        core.apply(try core.prepare(wider, factory: network).id)
        #expect(network.probes.count == 2, "no probe for a port the engine holds")
        #expect(network.bound.count == 2)
    }

    @Test func prepareFailureReleasesEverythingAndKeepsTheRunningState() throws {
        let (world, client) = try world()
        try world.configure(client, twoServers())
        world.run(for: 10)
        let core = world.core(client)
        let before = core.snapshot()
        var broken = twoServers()
        broken.listenAddresses.append(IPAddress("10.0.0.4")!)
        broken.associations[1].sourceAddress = IPAddress("192.0.2.77")!  // not on this host
        #expect(throws: EngineError.self) { try core.prepare(broken, factory: world.hosts[client].network) }
        do {
            _ = try core.prepare(broken, factory: world.hosts[client].network)
        } catch {
            #expect(error.code == .bindFailed)
        }
        #expect(Set(world.hosts[client].network.bound.keys) == Set(before.sockets), "new sockets closed again")
        #expect(core.snapshot().associations.map(\.name) == before.associations.map(\.name))
        #expect(core.pending.isEmpty)
    }

    @Test func abortClosesNewSocketsAndApplyMovesOnlyChangedBindings() throws {
        let (world, client) = try world()
        try world.configure(client, twoServers())
        let core = world.core(client)
        let network = world.hosts[client].network
        var moved = twoServers()
        moved.associations[1].sourceAddress = IPAddress("10.0.0.4")!
        let prepared = try core.prepare(moved, factory: network)
        #expect(prepared.newBindings == [SocketBinding(address: IPAddress("10.0.0.4")!, port: Self.port)])
        #expect(prepared.closedBindings.isEmpty)
        core.abort(prepared.id)
        #expect(network.bound.count == 1)
        let again = try core.prepare(moved, factory: network)
        core.apply(again.id)
        #expect(Set(network.bound.keys) == [
            SocketBinding(address: IPAddress("10.0.0.3")!, port: Self.port),
            SocketBinding(address: IPAddress("10.0.0.4")!, port: Self.port),
        ])
        moved.associations.removeLast()
        let shrink = try core.prepare(moved, factory: network)
        #expect(shrink.closedBindings == [SocketBinding(address: IPAddress("10.0.0.4")!, port: Self.port)])
        core.apply(shrink.id)
        #expect(network.bound.count == 1)
        #expect(core.snapshot().associations.map(\.name) == ["a"])
    }

    @Test func stoppedConfigurationClosesEverySocket() throws {
        let (world, client) = try world()
        try world.configure(client, twoServers())
        world.run(for: 5)
        try world.configure(client, .stopped)
        #expect(world.hosts[client].network.bound.isEmpty)
        let snapshot = world.core(client).snapshot()
        #expect(snapshot.associations.isEmpty)
        #expect(!snapshot.clock.synchronized)
    }

    @Test func inconsistentConfigurationsAreRefusedBeforeBinding() throws {
        let (world, client) = try world()
        let network = world.hosts[client].network
        var unknownKey = twoServers()
        unknownKey.associations[0].keyID = 9
        var duplicate = twoServers()
        duplicate.associations[1].name = "a"
        var shortCMAC = twoServers()
        shortCMAC.keys = [SymmetricKey(id: 1, algorithm: .aesCMAC, secret: [1, 2, 3])]
        for (configuration, code) in [(unknownKey, EngineError.Code.unknownKey), (duplicate, .duplicateAssociation), (shortCMAC, .invalidValue)] {
            do {
                _ = try world.core(client).prepare(configuration, factory: network)
                Issue.record("prepared \(code)")
            } catch {
                #expect(error.code == code)
            }
        }
        #expect(network.bindCount == 0)
    }
}
