import Testing
@testable import NTPCore
@testable import NTPEngine

@Suite struct SymmetricPeerTests {
    static let port: UInt16 = 10123

    /// The vendor guide's seed example: C refclock-master 2, D a client of
    /// C, E a symmetric-active peer of D (D answers with a dynamic
    /// symmetric-passive association).
    @Test func seedTopologyReachesStrata2_3_4() throws {
        let world = EngineWorld()
        let c = world.addHost(addresses: ["10.0.1.31"])
        let d = world.addHost(addresses: ["10.0.1.32"], clockOffset: -0.004)
        let e = world.addHost(addresses: ["10.0.1.33"], clockOffset: 0.007)
        func listen(_ address: String) -> [IPAddress] { [IPAddress(address)!] }
        try world.configure(c, EngineConfiguration(port: Self.port, listenAddresses: listen("10.0.1.31"), refclockMasterStratum: 2))
        try world.configure(d, EngineConfiguration(port: Self.port, listenAddresses: listen("10.0.1.32"), associations: [
            AssociationSettings(name: "C", host: "10.0.1.31", port: Self.port, minimumPollExponent: 0, maximumPollExponent: 1, initialBurst: true),
        ]))
        try world.configure(e, EngineConfiguration(port: Self.port, listenAddresses: listen("10.0.1.33"), associations: [
            AssociationSettings(name: "D", kind: .peer, host: "10.0.1.32", port: Self.port, minimumPollExponent: 0, maximumPollExponent: 1),
        ]))
        world.run(for: 30)
        let clocks = [c, d, e].map { world.core($0).snapshot().clock }
        #expect(clocks.map(\.stratum) == [2, 3, 4])
        #expect(clocks[1].referenceID == ReferenceID(ipv4: 10, 0, 1, 31))
        #expect(clocks[2].referenceID == ReferenceID(ipv4: 10, 0, 1, 32))
        let passive = try #require(world.core(d).snapshot().associations.first { !$0.configured })
        #expect(passive.mode == .symmetricPassive)
        #expect(passive.remote == NTPEndpoint(address: IPAddress("10.0.1.33")!, port: Self.port))
        #expect(passive.selection == .ineligible(.timingLoop) || passive.selection == .ineligible(.unsynchronized)
                || passive.selection == .outlier || passive.selection == .survivor)
        #expect(world.core(d).snapshot().clock.systemPeer == "C")
    }

    @Test func passiveAssociationIsDemobilizedWhenThePeerGoesAway() throws {
        let world = EngineWorld()
        let d = world.addHost(addresses: ["10.0.1.32"])
        let e = world.addHost(addresses: ["10.0.1.33"])
        try world.configure(d, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.1.32")!], refclockMasterStratum: 3))
        let peer = EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.1.33")!], associations: [
            AssociationSettings(name: "D", kind: .peer, host: "10.0.1.32", port: Self.port, minimumPollExponent: 0, maximumPollExponent: 0),
        ])
        try world.configure(e, peer)
        world.run(for: 10)
        #expect(world.core(d).snapshot().associations.count == 1)
        #expect(world.core(e).snapshot().clock.stratum == 4)
        try world.configure(e, EngineConfiguration(port: Self.port, listenAddresses: [IPAddress("10.0.1.33")!]))
        world.run(for: 30)
        #expect(world.core(d).snapshot().associations.isEmpty)
    }
}

@Suite struct HostNameTests {
    @Test func namedServerStartsWhenResolvedAndMovesWhenTheNameChanges() throws {
        let port: UInt16 = 10123
        let world = EngineWorld()
        let first = world.addHost(addresses: ["10.0.0.1"])
        let second = world.addHost(addresses: ["10.0.0.5"])
        let client = world.addHost(addresses: ["10.0.0.2"])
        for (host, address) in [(first, "10.0.0.1"), (second, "10.0.0.5")] {
            try world.configure(host, EngineConfiguration(port: port, listenAddresses: [IPAddress(address)!], refclockMasterStratum: 2))
        }
        try world.configure(client, EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.2")!], associations: [
            AssociationSettings(name: "pool", host: "time.example", port: port, minimumPollExponent: 0, maximumPollExponent: 0, initialBurst: true),
        ]))
        let core = world.core(client)
        #expect(core.pendingResolutions == ["time.example"])
        world.run(for: 5)
        #expect(core.snapshot().associations[0].remote == nil, "nothing is sent before the name resolves")
        core.resolved(host: "time.example", addresses: [IPAddress("10.0.0.1")!])
        world.run(for: 5)
        #expect(core.snapshot().clock.referenceID == ReferenceID(ipv4: 10, 0, 0, 1))
        core.resolved(host: "time.example", addresses: [IPAddress("10.0.0.5")!])
        world.run(for: 5)
        let association = core.snapshot().associations[0]
        #expect(association.remote?.address == IPAddress("10.0.0.5"))
        #expect(association.name == "pool" && association.configured)
        #expect(core.snapshot().clock.referenceID == ReferenceID(ipv4: 10, 0, 0, 5))
    }

    @Test func aNameThatDoesNotResolveIsShownAndRetriedWithABackOff() throws {
        let port: UInt16 = 10123
        let world = EngineWorld()
        let server = world.addHost(addresses: ["10.0.0.1"])
        let client = world.addHost(addresses: ["10.0.0.2"])
        try world.configure(server, EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.1")!], refclockMasterStratum: 2))
        try world.configure(client, EngineConfiguration(port: port, listenAddresses: [IPAddress("10.0.0.2")!], associations: [
            AssociationSettings(name: "lab", host: "time.example", port: port, minimumPollExponent: 0, maximumPollExponent: 0),
        ]))
        let core = world.core(client)
        #expect(core.snapshot().associations[0].resolution == HostResolutionStatus(lastError: nil, attempts: 0, retryIn: 0))
        core.pendingResolutions.removeAll()  // the owner took it
        core.resolutionFailed(host: "time.example", reason: "Name or service not known")
        var status = try #require(core.snapshot().associations[0].resolution)
        #expect(status.lastError == "Name or service not known" && status.attempts == 1 && status.retryIn == 2)
        world.run(for: 1.9)
        #expect(core.pendingResolutions.isEmpty, "not before its retry")
        world.run(for: 0.2)
        #expect(core.pendingResolutions == ["time.example"], "looked up again after 2 s")
        core.pendingResolutions.removeAll()
        core.resolutionFailed(host: "time.example", reason: "Temporary failure in name resolution")
        status = try #require(core.snapshot().associations[0].resolution)
        #expect(status.attempts == 2 && status.retryIn == 4)
        // An address of the other family only is a failure too.
        core.resolved(host: "time.example", addresses: [IPAddress("2001:db8::1")!])
        #expect(core.snapshot().associations[0].resolution?.lastError == "no IPv4 address")
        core.resolved(host: "time.example", addresses: [IPAddress("10.0.0.1")!])
        let resolved = core.snapshot().associations[0]
        #expect(resolved.resolution == nil && resolved.remote?.address == IPAddress("10.0.0.1"))
        #expect(core.resolutionFailures.isEmpty)
        world.run(for: 5)
        #expect(core.snapshot().clock.synchronized)
    }

    @Test func theDelayDoublesUpToFiveMinutes() {
        #expect((1...10).map(HostResolutionFailure.retryDelay(afterAttempts:)) == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300])
    }
}
