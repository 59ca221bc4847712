import Testing
@testable import NTPCore
@testable import NTPEngine

/// No unconfigured host steers the clock: engines on an in-memory network,
/// a manual timeline, and attackers that play the protocol correctly.
@Suite struct TimeSourceIntegrityTests {
    static let port: UInt16 = 10123
    static let attacker = IPAddress("10.0.0.66")!
    static let key = SymmetricKey(id: 5, algorithm: .sha1, secret: Array("meridian-secret-5".utf8))

    /// S (10.0.0.1, refclock-master 1) and V (10.0.0.2) with S as its one
    /// server, synchronized; `authenticated`: both hold the key, V's server
    /// uses it and V requires authentication.
    static func serverAndVictim(authenticated: Bool) throws -> (world: EngineWorld, victim: Int) {
        let world = EngineWorld()
        let server = world.addHost(addresses: ["10.0.0.1"])
        let victim = world.addHost(addresses: ["10.0.0.2"])
        let keys = authenticated ? [key] : []
        try world.configure(server, EngineConfiguration(
            port: port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 1, keys: keys))
        try world.configure(victim, EngineConfiguration(
            port: port, listenAddresses: [IPAddress("10.0.0.2")!],
            associations: [AssociationSettings(name: "S", host: "10.0.0.1", port: port, keyID: authenticated ? 5 : nil,
                                               minimumPollExponent: 0, maximumPollExponent: 1, initialBurst: true)],
            keys: keys, authenticationRequired: authenticated))
        world.run(for: 10)
        #expect(world.core(victim).snapshot().clock.systemPeer == "S")
        return (world, victim)
    }

    /// Eight engines on one address, ports 2001..2008, each a symmetric-active
    /// peer of V claiming stratum 1 with a clock 500 s ahead.
    static func addAttackers(to world: EngineWorld) throws {
        for index in 0..<8 {
            let host = world.addHost(addresses: ["10.0.0.66"], clockOffset: 500)
            try world.configure(host, EngineConfiguration(
                port: 2001 + UInt16(index), listenAddresses: [attacker], refclockMasterStratum: 1,
                associations: [AssociationSettings(name: "V", kind: .peer, host: "10.0.0.2", port: port,
                                                   minimumPollExponent: 0, maximumPollExponent: 0)]))
        }
    }

    static func fromAttacker(_ core: EngineCore) -> [AssociationStatus] {
        core.snapshot().associations.filter { $0.remote?.address == attacker }
    }

    @Test(arguments: [false, true])
    func eightPortsOfOneAddressClaimingPlus500sNeverSteerTheClock(authenticated: Bool) throws {
        let (world, victim) = try Self.serverAndVictim(authenticated: authenticated)
        let core = world.core(victim)
        try Self.addAttackers(to: world)
        var seen = 0
        for _ in 0..<120 {
            world.run(for: 0.5)
            let hostile = Self.fromAttacker(core)
            seen = max(seen, hostile.count)
            #expect(hostile.count <= (authenticated ? 0 : 1))
            #expect(!hostile.contains { $0.selection == .systemPeer })
            #expect(abs(core.driver.correction(at: core.hostClock.read().monotonic)) < 1)
            if authenticated { #expect(core.snapshot().clock.systemPeer == "S") }
        }
        if authenticated {
            #expect(core.counters.unauthenticatedDropped > 0)
        } else {
            #expect(seen == 1, "the first port gets the one association of its address")
            #expect(core.counters.ephemeralRefused >= 7)
            // Two disjoint sources: no majority, so no time at all rather than the attacker's.
            #expect(!core.snapshot().clock.synchronized)
        }
    }

    @Test func aConfiguredAddressNeverGetsASecondAssociation() throws {
        let (world, victim) = try Self.serverAndVictim(authenticated: false)
        let core = world.core(victim)
        let active = NTPPacket(mode: .symmetricActive, stratum: 1, poll: 0, transmitTimestamp: NTPTimestamp(seconds: 9, fraction: 1))
        world.inject(active.serialize(), from: NTPEndpoint(address: IPAddress("10.0.0.1")!, port: 5000),
                     to: NTPEndpoint(address: IPAddress("10.0.0.2")!, port: Self.port))
        #expect(core.snapshot().associations.count == 1)
        #expect(core.counters.ephemeralRefused == 1)
    }

    @Test func withAuthenticationRequiredAServerWithoutKeyIsNeverUsed() throws {
        let world = EngineWorld()
        let server = world.addHost(addresses: ["10.0.0.1"])
        let victim = world.addHost(addresses: ["10.0.0.2"])
        try world.configure(server, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 2))
        try world.configure(victim, EngineConfiguration(
            port: Self.port, listenAddresses: [IPAddress("10.0.0.2")!],
            associations: [AssociationSettings(name: "S", host: "10.0.0.1", port: Self.port,
                                               minimumPollExponent: 0, maximumPollExponent: 0, initialBurst: true)],
            authenticationRequired: true))
        world.run(for: 20)
        let core = world.core(victim)
        #expect(!core.snapshot().clock.synchronized)
        #expect(core.snapshot().associations.first?.reach == 0)
        #expect(core.counters.unauthenticatedDropped >= 10)
        // The same server is used once authentication is no longer required.
        var relaxed = core.configuration
        relaxed.authenticationRequired = false
        try world.configure(victim, relaxed)
        world.run(for: 20)
        #expect(core.snapshot().clock.systemPeer == "S")
    }

    @Test func aFloodOfOneShotPeersLeavesNothingAndLegitimatePeersStillMobilize() throws {
        let world = EngineWorld()
        let victim = world.addHost(addresses: ["10.0.0.2"])
        let target = NTPEndpoint(address: IPAddress("10.0.0.2")!, port: Self.port)
        try world.configure(victim, EngineConfiguration(port: Self.port, listenAddresses: [target.address], refclockMasterStratum: 3))
        let core = world.core(victim)
        func peer(_ address: String) throws -> Int {
            let host = world.addHost(addresses: [address])
            try world.configure(host, EngineConfiguration(
                port: Self.port, listenAddresses: [IPAddress(address)!],
                associations: [AssociationSettings(name: "V", kind: .peer, host: "10.0.0.2", port: Self.port,
                                                   minimumPollExponent: 0, maximumPollExponent: 0)]))
            return host
        }
        /// Seconds until V holds an association for `address` (at most `limit`).
        func mobilization(of address: String, within limit: Double) -> Double? {
            let start = world.now
            while world.now - start <= limit {
                if core.snapshot().associations.contains(where: { $0.remote?.address == IPAddress(address) }) {
                    return world.now - start
                }
                world.run(for: 0.05)
            }
            return nil
        }
        // 10,000 one-shot mode-1 packets from 1,000 ports, over 5 s; a genuine peer starts 2 s in.
        var sent = 0
        for round in 0..<10 {
            for port in 0..<1000 {
                sent += 1
                let packet = NTPPacket(mode: .symmetricActive, stratum: 1, poll: 0,
                                       transmitTimestamp: NTPTimestamp(seconds: 3_970_000_000, fraction: UInt32(sent)))
                world.inject(packet.serialize(), from: NTPEndpoint(address: Self.attacker, port: UInt16(20_000 + port)), to: target)
            }
            if round == 4 {
                _ = try peer("10.0.0.7")
                #expect(try #require(mobilization(of: "10.0.0.7", within: 2)) <= 2, "within two of its polls, during the flood")
            } else {
                world.run(for: 0.5)
            }
        }
        #expect(Self.fromAttacker(core).count <= 1)
        _ = try peer("10.0.0.8")
        #expect(try #require(mobilization(of: "10.0.0.8", within: 2)) <= 2, "within two of its polls, after the flood")
        // Four polls of the attacker's association (poll 0: 1 s) and the one that reaps it.
        world.run(for: 5.5)
        #expect(Self.fromAttacker(core).isEmpty)
        #expect(core.counters.ephemeralReaped >= 1)
        #expect(core.counters.ephemeralRefused >= 9_000)
        let remotes = Set(core.snapshot().associations.compactMap { $0.remote?.address })
        #expect(remotes == [IPAddress("10.0.0.7")!, IPAddress("10.0.0.8")!])
    }

    @Test func aPeerThatAnswersButIsNotSynchronizedYetKeepsItsAssociationUntilItFallsSilent() throws {
        let world = EngineWorld()
        let victim = world.addHost(addresses: ["10.0.0.2"])
        let peer = world.addHost(addresses: ["10.0.0.7"])
        try world.configure(victim, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.2")!]))
        let active = EngineConfiguration(
            port: Self.port, listenAddresses: [IPAddress("10.0.0.7")!],
            associations: [AssociationSettings(name: "V", kind: .peer, host: "10.0.0.2", port: Self.port,
                                               minimumPollExponent: 0, maximumPollExponent: 0)])
        try world.configure(peer, active)
        // Neither side has time to give (stratum 16): no sample, so never "reachable",
        // but every packet answers one of ours.
        world.run(for: 30)
        let core = world.core(victim)
        #expect(core.snapshot().associations.map(\.remote?.address) == [IPAddress("10.0.0.7")])
        #expect(core.snapshot().associations.first?.reach == 0)
        #expect(core.counters.ephemeralReaped == 0)
        // Silent from now on: removed four of its (backed-off) poll intervals after the last answer.
        let interval = ProtocolConstants.seconds(log2: try #require(core.snapshot().associations.first?.hostPollExponent))
        try world.configure(peer, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.0.7")!]))
        world.run(for: 3 * interval)
        #expect(core.snapshot().associations.count == 1)
        world.run(for: interval + 0.5)
        #expect(core.snapshot().associations.isEmpty)
        #expect(core.counters.ephemeralReaped == 1)
    }

    @Test func requestsFromSourcesNoReplyCanReachAreDroppedAndCounted() throws {
        let world = EngineWorld()
        let host = world.addHost(addresses: ["10.0.0.2"])
        let target = NTPEndpoint(address: IPAddress("10.0.0.2")!, port: Self.port)
        try world.configure(host, EngineConfiguration(port: Self.port, listenAddresses: [target.address], refclockMasterStratum: 3))
        let request = NTPPacket(mode: .client, transmitTimestamp: NTPTimestamp(seconds: 100, fraction: 1)).serialize()
        let invalid = [("10.0.0.9", 0), ("224.0.0.1", 123), ("0.0.0.0", 123), ("255.255.255.255", 123), ("ff02::1", 123), ("::", 123)]
        for (address, port) in invalid {
            world.inject(request, from: NTPEndpoint(address: IPAddress(address)!, port: UInt16(port)), to: target)
        }
        let core = world.core(host)
        #expect(core.counters.invalidSource == invalid.count)
        #expect(core.counters.requestsServed == 0)
        world.inject(request, from: NTPEndpoint(address: IPAddress("10.0.0.9")!, port: 123), to: target)
        #expect(core.counters.requestsServed == 1)
    }
}

/// The clock-step rules in a running engine: what the discipline refuses is
/// counted and reported with its source.
@Suite struct ClockStepEngineTests {
    static let port: UInt16 = 10123

    /// V synchronizing to a server whose clock is `serverOffset` s ahead.
    static func run(serverOffset: Double, step: ClockStepSettings?) throws -> EngineCore {
        let world = EngineWorld()
        let server = world.addHost(addresses: ["10.0.0.1"], clockOffset: serverOffset)
        let victim = world.addHost(addresses: ["10.0.0.2"])
        try world.configure(server, EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 2))
        try world.configure(victim, EngineConfiguration(
            port: port, listenAddresses: [IPAddress("10.0.0.2")!],
            associations: [AssociationSettings(name: "S", host: "10.0.0.1", port: port,
                                               minimumPollExponent: 0, maximumPollExponent: 0, initialBurst: true)],
            clockStep: step))
        world.run(for: 20)
        return world.core(victim)
    }

    static func steps(_ core: EngineCore) -> [Double] { (core.driver as? VirtualClockDriver)?.steps ?? [] }

    static func refusals(_ core: EngineCore) -> [EngineEvent.StepRefusal] {
        core.events.compactMap {
            if case .stepRefused(_, let source, let reason) = $0.event, source.name == "S", source.remote?.address == IPAddress("10.0.0.1") {
                reason
            } else {
                nil
            }
        }
    }

    static func panics(_ core: EngineCore) -> [Double] {
        core.events.compactMap { if case .panicThresholdExceeded(let offset, 1000, let source) = $0.event, source.name == "S" { offset } else { nil } }
    }

    @Test func withinTheLimitTheFirstUpdateSteps() throws {
        let core = try Self.run(serverOffset: 2, step: ClockStepSettings())
        #expect(Self.steps(core).count == 1 && abs(Self.steps(core)[0] - 2) < 0.01)
        #expect(core.counters.stepsRefused == 0)
    }

    @Test func withoutStepsTheOffsetIsSlewedAndTheRefusalReported() throws {
        let core = try Self.run(serverOffset: 2, step: ClockStepSettings(limit: 0))
        #expect(Self.steps(core).isEmpty)
        #expect(core.counters.stepsRefused >= 1)
        #expect(Self.refusals(core).first == .stepLimit)
    }

    @Test func beyondThePanicThresholdNothingIsCorrected() throws {
        let core = try Self.run(serverOffset: 2000, step: ClockStepSettings(panicThreshold: 1000))
        #expect(Self.steps(core).isEmpty)
        #expect(abs(core.driver.correction(at: core.hostClock.read().monotonic)) < 1e-3)
        #expect(!core.snapshot().clock.synchronized)
        #expect(core.counters.stepsRefused >= 1)
        #expect(Self.refusals(core).isEmpty)
        #expect(!Self.panics(core).isEmpty && Self.panics(core).allSatisfy { abs($0 - 2000) < 1 })
    }
}
