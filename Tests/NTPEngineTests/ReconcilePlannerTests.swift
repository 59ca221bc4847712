import Testing
@testable import NTPEngine

@Suite struct ReconcilePlannerTests {
    static func server(_ name: String, _ host: String, prefer: Bool = false) -> AssociationSettings {
        AssociationSettings(name: name, host: host, prefer: prefer)
    }

    static func running(_ associations: [AssociationSettings], listen: [String] = []) -> EngineConfiguration {
        EngineConfiguration(port: 10123, listenAddresses: listen.compactMap(IPAddress.init), associations: associations)
    }

    @Test func removalsThenSocketsThenChangesThenAdditions() {
        let old = Self.running([Self.server("a", "192.0.2.1"), Self.server("b", "192.0.2.2")], listen: ["127.0.1.31"])
        let new = Self.running([Self.server("b", "192.0.2.2", prefer: true), Self.server("c", "192.0.2.3")], listen: ["127.0.1.32"])
        let steps = ReconcilePlanner.plan(old: old, new: new)
        // b sends from the first listening address: it moves to the new one, so it restarts.
        #expect(steps.map(\.action) == [.removeAssociation, .removeAssociation, .closeSocket, .bindSocket, .addAssociation, .addAssociation])
        #expect(steps.map(\.target) == ["a", "b", "127.0.1.31:10123", "127.0.1.32:10123", "b", "c"])
    }

    @Test func aPreferChangeOnTheSameSocketIsInPlace() {
        let old = Self.running([Self.server("a", "192.0.2.1"), Self.server("b", "192.0.2.2")], listen: ["127.0.1.31"])
        let new = Self.running([Self.server("b", "192.0.2.2", prefer: true), Self.server("c", "192.0.2.3")], listen: ["127.0.1.31"])
        let steps = ReconcilePlanner.plan(old: old, new: new)
        #expect(steps.map(\.action) == [.removeAssociation, .changeAssociation, .addAssociation])
        #expect(steps.map(\.target) == ["a", "b", "c"])
        #expect(steps[1].detail == "prefer false → true")
    }

    @Test func anAddressChangeReplacesTheAssociation() {
        let old = Self.running([Self.server("a", "192.0.2.1")])
        let new = Self.running([Self.server("a", "192.0.2.9")])
        #expect(ReconcilePlanner.plan(old: old, new: new).map(\.action) == [.removeAssociation, .addAssociation])
    }

    @Test func requiredAuthenticationChangesAssociationsInPlace() {
        let old = Self.running([Self.server("a", "192.0.2.1")])
        var new = old
        new.authenticationRequired = true
        let steps = ReconcilePlanner.plan(old: old, new: new)
        #expect(steps.map(\.action) == [.changeSetting, .changeAssociation])
        #expect(steps[0].detail == "only authenticated packets are used")
    }

    @Test func unchangedConfigurationHasAnEmptyPlan() {
        let config = Self.running([Self.server("a", "192.0.2.1")])
        #expect(ReconcilePlanner.plan(old: config, new: config).isEmpty)
    }

    @Test func enablingAndDisablingNTP() {
        let config = Self.running([Self.server("a", "192.0.2.1")])
        #expect(ReconcilePlanner.plan(old: .stopped, new: config).map(\.action) == [.startEngine, .bindSocket, .addAssociation])
        #expect(ReconcilePlanner.plan(old: config, new: .stopped).map(\.action) == [.stopEngine, .removeAssociation, .closeSocket])
        #expect(ReconcilePlanner.plan(old: .stopped, new: .stopped).isEmpty)
    }

    @Test func settingsChangesAreListed() {
        var old = Self.running([])
        old.refclockMasterStratum = 8
        var new = old
        new.refclockMasterStratum = 2
        new.rateLimit = nil
        let steps = ReconcilePlanner.plan(old: old, new: new)
        #expect(steps.map(\.target) == ["refclock-master", "rate-limit"])
        #expect(steps[0].detail == "stratum 8 → stratum 2")
    }

    @Test func aPortChangeRebindsAndRestartsEverything() {
        let old = Self.running([Self.server("a", "192.0.2.1")])
        var new = old
        new.port = 123
        let steps = ReconcilePlanner.plan(old: old, new: new)
        #expect(steps.map(\.action) == [.removeAssociation, .closeSocket, .bindSocket, .changeSetting, .addAssociation])
        #expect(steps[3].detail == "UDP port 10123 → 123: sockets re-bind")
    }

    @Test func clockStepRulesAreListed() {
        let old = Self.running([])
        var new = old
        new.clockStep = ClockStepSettings(limit: 0)
        let steps = ReconcilePlanner.plan(old: old, new: new)
        #expect(steps.map(\.target) == ["clock-step"])
        #expect(steps[0].detail == "RFC 5905 → threshold 0.128 s, limit 0, panic 1000.0 s")
    }
}
