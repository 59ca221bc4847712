import Testing
@testable import NTPCore
@testable import NTPEngine

/// The events the core emits at each transition, on the in-memory network
/// and the manual timeline: no sockets, no sleeps.
@Suite struct EngineEventTests {
    static let port: UInt16 = 10123
    static let serverAddress = IPAddress("10.0.0.1")!
    static let clientAddress = IPAddress("10.0.0.2")!
    /// Unix time of the manual timeline's start (its epoch, an NTP timestamp).
    static let start = TimedEngineEvent.unixSeconds(of: ManualHostClock.Shared().epoch)

    static func server(_ name: String = "S", keyID: UInt32? = nil, poll: Int8 = 1) -> AssociationSettings {
        AssociationSettings(name: name, host: "10.0.0.1", port: port, keyID: keyID,
                            minimumPollExponent: poll, maximumPollExponent: poll, initialBurst: true)
    }

    static func clientConfiguration(_ associations: [AssociationSettings], keys: [SymmetricKey] = []) -> EngineConfiguration {
        EngineConfiguration(port: port, listenAddresses: [clientAddress], associations: associations, keys: keys)
    }

    /// A refclock-master server S at stratum 2 and a client synchronized to it.
    static func synchronizedPair() throws -> (world: EngineWorld, server: Int, client: Int) {
        let world = EngineWorld()
        let server = world.addHost(addresses: ["10.0.0.1"])
        let client = world.addHost(addresses: ["10.0.0.2"], clockOffset: 0.01)
        try world.configure(server, EngineConfiguration(port: port, listenAddresses: [serverAddress], refclockMasterStratum: 2))
        try world.configure(client, clientConfiguration([Self.server()]))
        world.run(for: 10)
        #expect(world.core(client).snapshot().clock.synchronized)
        return (world, server, client)
    }

    /// The events about reachability, the system peer and synchronization, in order.
    static func chain(_ events: some Sequence<TimedEngineEvent>) -> [String] {
        events.compactMap { timed in
            switch timed.event {
            case .reachabilityChanged(let association, let reachable, _): "\(association.name) \(reachable ? "reachable" : "unreachable")"
            case .systemPeerChanged(let old, let new): "peer \(old?.name ?? "none") -> \(new?.name ?? "none")"
            case .synchronizationChanged(let change): "\(change.to) stratum \(change.stratum)"
            default: nil
            }
        }
    }

    @Test func aServerBecomingReachableAndSelectedGivesReachabilityThenSystemPeerThenSynchronization() throws {
        let (world, _, client) = try Self.synchronizedPair()
        let events = world.core(client).events
        #expect(Self.chain(events) == ["S reachable", "peer none -> S", "synchronized stratum 3"])
        guard case .synchronizationChanged(let change)? = events.first(where: {
            if case .synchronizationChanged = $0.event { true } else { false }
        })?.event else { return }
        #expect(change.from == .unsynchronized && change.referenceID == ReferenceID(ipv4: 10, 0, 0, 1))
        #expect(abs(change.offset + 0.01) < 0.001)
        guard case .systemPeerChanged(_, let new?) = events.first(where: {
            if case .systemPeerChanged = $0.event { true } else { false }
        })?.event else { return }
        #expect(new.configured && new.mode == .client && new.remote == NTPEndpoint(address: Self.serverAddress, port: Self.port))
    }

    @Test func eventTimesAreTheTimesOfTheTransitionsOnTheInjectedClock() throws {
        let (world, _, client) = try Self.synchronizedPair()
        let times = world.core(client).events.map { $0.time - Self.start }
        #expect(!times.isEmpty && times == times.sorted())
        // The first reply comes back 2 × 0.1 ms after the first poll at 0 s, read on the
        // client's host clock, which is 10 ms ahead (not on its virtual clock, corrected later).
        #expect(abs(times[0] - 0.0102) < 1e-6, "\(times)")
        #expect(times.allSatisfy { $0 >= 0 && $0 <= 10 })
    }

    @Test func removingTheServerGivesSystemPeerNoneThenUnsynchronized() throws {
        let (world, _, client) = try Self.synchronizedPair()
        world.core(client).events.removeAll()
        try world.configure(client, Self.clientConfiguration([]))
        #expect(Self.chain(world.core(client).events) == ["peer S -> none", "unsynchronized stratum 16"])
    }

    @Test func aServerThatStopsAnsweringBecomesUnreachableThenTheClockUnsynchronized() throws {
        let (world, server, client) = try Self.synchronizedPair()
        world.core(client).events.removeAll()
        try world.configure(server, .stopped)
        world.run(for: 120)
        let chain = Self.chain(world.core(client).events)
        #expect(chain.suffix(3) == ["S unreachable", "peer S -> none", "unsynchronized stratum 16"], "\(chain)")
    }

    @Test func aRefclockMasterIsSynchronizedAtItsStratumAndAStratumChangeIsReported() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [Self.serverAddress], refclockMasterStratum: 2))
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [Self.serverAddress], refclockMasterStratum: 4))
        let events = world.core(host).events.map(\.event)
        #expect(events == [
            .synchronizationChanged(.init(from: .unsynchronized, to: .synchronized, stratum: 2, referenceID: ReferenceID(ascii: "LOCL"), offset: 0)),
            .stratumChanged(from: 2, to: 4),
        ])
    }

    /// The client's last request to S (S is not on the network: requests go nowhere).
    static func lastRequest(_ world: EngineWorld) throws -> NTPPacket {
        try NTPPacket.parse(try #require(world.unrouted.last { $0.destination.address == serverAddress }).bytes)
    }

    /// A reply from S to `request`; `stratum` 0 makes it a Kiss-o'-Death with `kiss`.
    static func reply(to request: NTPPacket, stratum: UInt8 = 2, kiss: String = "") -> NTPPacket {
        NTPPacket(mode: .server, stratum: stratum, referenceID: stratum == 0 ? ReferenceID(ascii: kiss) : ReferenceID(ascii: "LOCL"),
                  referenceTimestamp: request.transmitTimestamp, originTimestamp: request.transmitTimestamp,
                  receiveTimestamp: request.transmitTimestamp, transmitTimestamp: request.transmitTimestamp + NTPInterval(seconds: 0.001))
    }

    static func inject(_ world: EngineWorld, _ bytes: [UInt8]) {
        world.inject(bytes, from: NTPEndpoint(address: serverAddress, port: port), to: NTPEndpoint(address: clientAddress, port: port))
    }

    @Test func aKissOfDeathIsReportedWithItsCode() throws {
        let world = EngineWorld()
        let client = world.addHost(addresses: ["10.0.0.2"])
        try world.configure(client, Self.clientConfiguration([Self.server()]))
        world.run(for: 0.5)
        Self.inject(world, Self.reply(to: try Self.lastRequest(world), stratum: 0, kiss: "DENY").serialize())
        let kisses = world.core(client).events.compactMap { if case .kissOfDeathReceived(let source, let code) = $0.event { (source.name, code) } else { nil } }
        #expect(kisses.count == 1 && kisses.first?.0 == "S" && kisses.first?.1 == .deny)
    }

    @Test func authenticationFailuresAreReportedOncePerAssociationPerPoll() throws {
        let key = SymmetricKey(id: 5, algorithm: .sha1, secret: Array("meridian-secret-5".utf8))
        let world = EngineWorld()
        let client = world.addHost(addresses: ["10.0.0.2"])
        try world.configure(client, Self.clientConfiguration([Self.server(keyID: 5, poll: 3)], keys: [key]))
        world.run(for: 0.5)
        func failures() -> [EngineEvent.AuthenticationFailure] {
            world.core(client).events.compactMap { if case .authenticationFailed(let source, let reason) = $0.event, source.name == "S" { reason } else { nil } }
        }
        func forged() throws -> [UInt8] {
            Self.reply(to: try Self.lastRequest(world)).serialize() + [0, 0, 0, 5] + [UInt8](repeating: 0xA5, count: 20)
        }
        for _ in 0..<5 { Self.inject(world, try forged()) }
        Self.inject(world, Self.reply(to: try Self.lastRequest(world)).serialize())  // no MAC at all
        #expect(failures() == [.badMAC])
        #expect(world.core(client).counters.authenticationFailures + world.core(client).counters.unauthenticatedDropped >= 6)
        world.run(for: 8)  // one poll interval (2^3 s) later
        Self.inject(world, Self.reply(to: try Self.lastRequest(world)).serialize())
        for _ in 0..<3 { Self.inject(world, try forged()) }
        #expect(failures() == [.badMAC, .missingMAC])
    }

    /// Runs the world for `seconds`, answering each new request to S with a stratum-1 reply
    /// carrying `leap`.
    static func serve(_ world: EngineWorld, for seconds: Double, leap: LeapIndicator) throws {
        var answered = Set<NTPTimestamp>()
        for _ in 0..<Int(seconds * 10) {
            world.run(for: 0.1)
            let request = try lastRequest(world)
            guard answered.insert(request.transmitTimestamp).inserted else { continue }
            var reply = reply(to: request, stratum: 1)
            reply.leap = leap
            reply.referenceID = ReferenceID(ascii: "GPS")
            inject(world, reply.serialize())
        }
    }

    @Test func aLeapSecondAnnouncedBySelectedSourcesIsReportedWhenItAppearsAndWhenWithdrawn() throws {
        let world = EngineWorld()
        let client = world.addHost(addresses: ["10.0.0.2"])
        try world.configure(client, Self.clientConfiguration([Self.server()]))
        try Self.serve(world, for: 20, leap: .lastMinuteHas61Seconds)
        let core = world.core(client)
        #expect(core.snapshot().clock.leap == .lastMinuteHas61Seconds)
        let announcements = { core.events.compactMap { if case .leapSecondAnnouncement(let leap) = $0.event { leap } else { nil } } }
        #expect(announcements() == [.lastMinuteHas61Seconds])
        // Announced in the same step as synchronization, after it.
        let both = core.events.filter { if case .synchronizationChanged = $0.event { true } else { $0.event.isLeap } }
        #expect(both.count == 2 && both.last?.event.isLeap == true && both.first?.time == both.last?.time)
        try Self.serve(world, for: 20, leap: .noWarning)
        #expect(announcements() == [.lastMinuteHas61Seconds, .noWarning])
    }

    @Test func aStepIsReportedWithItsOffsetAndSource() throws {
        let core = try ClockStepEngineTests.run(serverOffset: 2, step: ClockStepSettings())
        let steps = core.events.compactMap { if case .clockStepped(let offset, let source) = $0.event { (offset, source.name) } else { nil } }
        #expect(steps.count == 1 && abs(steps[0].0 - 2) < 0.01 && steps[0].1 == "S")
    }

    @Test func anOwnerThatNeverDrainsDoesNotGrowTheQueueWithoutLimit() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.1"])
        for stratum in 0..<3000 {
            try world.configure(host, EngineConfiguration(
                port: Self.port, listenAddresses: [Self.serverAddress], refclockMasterStratum: UInt8(2 + stratum % 2)))
        }
        #expect(world.core(host).events.count == EngineCore.maximumQueuedEvents)
    }
}
