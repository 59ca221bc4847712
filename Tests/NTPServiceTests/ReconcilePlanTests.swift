import NTPEngine
import NTPService
import Testing

@Suite struct ReconcilePlanTests {
    static func server(_ name: String, _ host: String, prefer: Bool = false) -> AssociationSettings {
        AssociationSettings(name: name, host: host, prefer: prefer)
    }

    static func running(_ associations: [AssociationSettings], listen: [String] = []) -> EngineConfiguration {
        EngineConfiguration(port: 10123, listenAddresses: listen.compactMap(IPAddress.init), associations: associations)
    }

    @Test func removalsThenChangesThenAdditionsThenSockets() {
        let old = Self.running([Self.server("a", "192.0.2.1"), Self.server("b", "192.0.2.2")], listen: ["127.0.1.31"])
        let new = Self.running([Self.server("b", "192.0.2.2", prefer: true), Self.server("c", "192.0.2.3")], listen: ["127.0.1.32"])
        let plan = ReconcilePlan.between(old, new)
        #expect(plan.steps.map(\.action) == [.removeAssociation, .changeAssociation, .addAssociation, .closeSocket, .bindSocket])
        #expect(plan.steps.map(\.target) == ["a", "b", "c", "127.0.1.31", "127.0.1.32"])
        #expect(plan.steps[1].detail == "prefer false → true")
    }

    @Test func unchangedConfigurationHasAnEmptyPlan() {
        let config = Self.running([Self.server("a", "192.0.2.1")])
        #expect(ReconcilePlan.between(config, config).steps.isEmpty)
    }

    @Test func enablingAndDisablingNTP() {
        let config = Self.running([Self.server("a", "192.0.2.1")])
        #expect(ReconcilePlan.between(.stopped, config).steps.map(\.action) == [.startEngine, .addAssociation])
        #expect(ReconcilePlan.between(config, .stopped).steps.map(\.action) == [.stopEngine])
        #expect(ReconcilePlan.between(.stopped, .stopped).steps.isEmpty)
    }

    @Test func settingsChangesAreListed() {
        var old = Self.running([])
        old.refclockMasterStratum = 8
        var new = old
        new.refclockMasterStratum = 2
        new.port = 123
        let plan = ReconcilePlan.between(old, new)
        #expect(plan.steps.map(\.target) == ["port", "refclock-master"])
        #expect(plan.outputXML.contains("<index>2</index><action>change-setting</action><target>refclock-master</target>"))
    }

    @Test func requiredAuthenticationAndStepRulesAreListed() {
        let old = Self.running([])
        var new = old
        new.authenticationRequired = true
        new.clockStep = ClockStepSettings(limit: 0)
        let plan = ReconcilePlan.between(old, new)
        #expect(plan.steps.map(\.target) == ["authentication", "clock-step"])
        #expect(plan.steps[0].detail == "only authenticated packets are used")
        #expect(plan.steps[1].detail == "RFC 5905 → threshold 0.128 s, limit 0, panic 1000.0 s")
    }
}
