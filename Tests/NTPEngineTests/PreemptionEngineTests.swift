import Testing
@testable import NTPCore
@testable import NTPEngine

/// preempt and unsync-max-poll on the in-memory network, on a manual timeline.
@Suite struct PreemptionEngineTests {
    static let port: UInt16 = 10123

    static func server(_ name: String, _ host: String, preempt: Bool = false, version: UInt8 = 4) -> AssociationSettings {
        AssociationSettings(
            name: name, host: host, port: port, version: version, minimumPollExponent: 1, maximumPollExponent: 2,
            initialBurst: true, preempt: preempt)
    }

    /// Three good stratum-2 masters and one 3 s off (a falseticker), all served to one client.
    static func world() throws -> (EngineWorld, client: Int, masters: [Int]) {
        let world = EngineWorld()
        var masters: [Int] = []
        for (index, offset) in [0.0, 0.0, 0.0, 3.0].enumerated() {
            let address = "10.0.0.\(index + 1)"
            let master = world.addHost(addresses: [address], clockOffset: offset)
            try world.configure(master, EngineConfiguration(
                port: port, listenAddresses: [IPAddress(address)!], refclockMasterStratum: 2))
            masters.append(master)
        }
        let client = world.addHost(addresses: ["10.0.0.9"], clockOffset: 0.010)
        return (world, client, masters)
    }

    static func clientConfiguration(badPreempt: Bool = true, badVersion: UInt8 = 4) -> EngineConfiguration {
        EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.9")!], associations: [
            server("a", "10.0.0.1"), server("b", "10.0.0.2"), server("c", "10.0.0.3"),
            server("bad", "10.0.0.4", preempt: badPreempt, version: badVersion),
        ])
    }

    static func names(_ core: EngineCore) -> [String] { core.snapshot().associations.map(\.name).sorted() }

    @Test func unselectedPreemptableServerIsDroppedAndStaysDroppedAcrossAnUnchangedCommit() throws {
        let (world, client, _) = try Self.world()
        var good = Self.clientConfiguration()
        good.associations.removeLast()
        try world.configure(client, good)  // synchronized first, so the falseticker cannot pull the clock
        world.run(for: 20)
        try world.configure(client, Self.clientConfiguration())
        world.run(for: 10)
        #expect(Self.names(world.core(client)) == ["a", "b", "bad", "c"])
        #expect(world.core(client).snapshot().associations.first { $0.name == "bad" }?.selection == .falseticker)
        world.run(for: 120)  // twelve polls of at most 4 s
        #expect(Self.names(world.core(client)) == ["a", "b", "c"])
        #expect(world.core(client).counters.associationsPreempted == 1)
        #expect(world.core(client).snapshot().clock.synchronized)

        try world.configure(client, Self.clientConfiguration())
        world.run(for: 10)
        #expect(Self.names(world.core(client)) == ["a", "b", "c"])

        try world.configure(client, Self.clientConfiguration(badVersion: 3))  // its settings change: it runs again
        world.run(for: 1)
        #expect(Self.names(world.core(client)) == ["a", "b", "bad", "c"])
    }

    @Test func withoutPreemptTheFalsetickerIsKept() throws {
        let (world, client, _) = try Self.world()
        try world.configure(client, Self.clientConfiguration(badPreempt: false))
        world.run(for: 130)
        #expect(Self.names(world.core(client)) == ["a", "b", "bad", "c"])
        #expect(world.core(client).counters.associationsPreempted == 0)
    }

    @Test func droppedServerReturnsWhenTheBetterOnesAreGone() throws {
        let (world, client, masters) = try Self.world()
        try world.configure(client, Self.clientConfiguration())
        world.run(for: 130)
        #expect(Self.names(world.core(client)) == ["a", "b", "c"])
        for master in masters.prefix(3) { try world.configure(master, .stopped) }
        world.run(for: 60)  // eight unanswered polls empty the reach registers
        #expect(Self.names(world.core(client)) == ["a", "b", "bad", "c"])
        #expect(world.core(client).snapshot().associations.first { $0.name == "bad" }?.reach != 0)
    }

    @Test func unsyncMaxPollKeepsAnUnansweredServerAtMinpoll() throws {
        func hostPoll(limit: UnsynchronizedPollLimit?) throws -> Int8? {
            let world = EngineWorld()
            let client = world.addHost(addresses: ["10.0.0.9"])
            var silent = Self.server("silent", "10.0.0.1")
            silent.maximumPollExponent = 6
            try world.configure(client, EngineConfiguration(
                port: Self.port, listenAddresses: [IPAddress("10.0.0.9")!], associations: [silent],
                unsynchronizedPollLimit: limit))
            world.run(for: 600)
            return world.core(client).snapshot().associations.first?.hostPollExponent
        }
        #expect(try hostPoll(limit: nil) == 6)  // RFC 5905 backs off to maxpoll
        #expect(try hostPoll(limit: UnsynchronizedPollLimit(maximumPollExponent: 3, decrement: 1)) == 1)
    }
}
