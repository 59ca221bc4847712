import NTPCore

extension ReconcilePlanner {
    /// Engine-wide settings that differ, each a `change-setting` step targeting its
    /// ``ReconcileStep/Setting``.
    static func settingSteps(_ old: EngineConfiguration, _ new: EngineConfiguration) -> [ReconcileStep] {
        var steps: [ReconcileStep] = []
        func add(_ setting: ReconcileStep.Setting, _ detail: String) { steps.append(.init(.changeSetting, setting.rawValue, detail)) }
        if old.port != new.port { add(.port, "UDP port \(old.port) → \(new.port): sockets re-bind") }
        if old.refclockMasterStratum != new.refclockMasterStratum {
            add(.refclockMaster,
                "\(old.refclockMasterStratum.map { "stratum \($0)" } ?? "off") → \(new.refclockMasterStratum.map { "stratum \($0)" } ?? "off")")
        }
        if old.serverEnabled != new.serverEnabled { add(.serverEnabled, new.serverEnabled ? "answer clients" : "stop answering clients") }
        if old.keys != new.keys { add(.authentication, "the key table changes") }
        if old.authenticationRequired != new.authenticationRequired {
            add(.authentication, new.authenticationRequired ? "only authenticated packets are used" : "unauthenticated packets may be used")
        }
        if old.clockStep != new.clockStep {
            let describe = { (step: ClockStepSettings?) in
                step.map { "threshold \($0.threshold) s, limit \($0.limit), panic \($0.panicThreshold.map { "\($0) s" } ?? "none")" }
                    ?? "RFC 5905"
            }
            add(.clockStep, "\(describe(old.clockStep)) → \(describe(new.clockStep))")
        }
        if old.accessRules != new.accessRules { add(.accessRule, "access rules change") }
        if old.rateLimit != new.rateLimit { add(.rateLimit, "the per-client rate limit changes; client history is forgotten") }
        if old.disabledAddresses != new.disabledAddresses {
            add(.interfaceEnabled, "NTP disabled on: \(new.disabledAddresses.map(\.description).joined(separator: ", "))")
        }
        if old.unsynchronizedPollLimit != new.unsynchronizedPollLimit {
            let describe = { (limit: UnsynchronizedPollLimit?) in
                limit.map { "poll-interval \($0.maximumPollExponent), dec-step \($0.decrement)" } ?? "off"
            }
            add(.unsyncMaxPoll, "\(describe(old.unsynchronizedPollLimit)) → \(describe(new.unsynchronizedPollLimit))")
        }
        if old.maximumDynamicAssociations != new.maximumDynamicAssociations {
            add(.maxDynamicAssociations, "\(old.maximumDynamicAssociations) → \(new.maximumDynamicAssociations)")
        }
        return steps
    }

    /// The settings of an association that differ, for a `change-association` step.
    static func differences(_ a: AssociationSettings, _ b: AssociationSettings) -> [String] {
        var changes: [String] = []
        func note<T: Equatable>(_ name: String, _ x: T, _ y: T) { if x != y { changes.append("\(name) \(x) → \(y)") } }
        note("address", a.host, b.host)
        note("port", a.port, b.port)
        note("mode", a.kind.rawValue, b.kind.rawValue)
        note("version", a.version, b.version)
        note("key-id", a.keyID.map(String.init) ?? "none", b.keyID.map(String.init) ?? "none")
        note("minpoll", a.minimumPollExponent, b.minimumPollExponent)
        note("maxpoll", a.maximumPollExponent, b.maximumPollExponent)
        note("burst", a.burst, b.burst)
        note("iburst", a.initialBurst, b.initialBurst)
        note("prefer", a.prefer, b.prefer)
        note("preempt", a.preempt, b.preempt)
        note("source-address", a.sourceAddress?.description ?? "any", b.sourceAddress?.description ?? "any")
        note("vpn-instance", a.device ?? "none", b.device ?? "none")
        return changes.isEmpty ? ["engine-wide settings it runs with change"] : changes
    }
}
