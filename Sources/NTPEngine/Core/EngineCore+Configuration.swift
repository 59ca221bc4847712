import NTPCore

extension EngineCore {
    /// What preparing `configuration` now would do: the planner's steps from the
    /// configuration the engine runs. `mntp:plan` shows these.
    func plan(_ configuration: EngineConfiguration) -> [ReconcileStep] {
        ReconcilePlanner.plan(old: self.configuration, new: configuration)
    }

    /// Checks `configuration`, plans the change from the running one and binds the
    /// sockets of the plan's `bind-socket` steps. On failure everything bound here is
    /// closed again and the running state is untouched. One change is pending at a time:
    /// preparing again aborts the previous one.
    func prepare(_ configuration: EngineConfiguration, factory: any DatagramSocketFactory) throws(EngineError) -> PreparedConfiguration {
        try Self.validate(configuration)
        for id in pending.keys { abort(id) }
        let steps = plan(configuration)
        let plan = SocketPlan(configuration)
        // A port this engine holds no socket on yet must be free: no other process may have it.
        let heldPorts = Set(sockets.keys.map(\.port))
        for binding in plan.bindings.keys.sorted(by: { $0.description < $1.description })
        where !heldPorts.contains(binding.port) && !binding.address.isMulticast && plan.broadcastReceivers[binding] == nil {
            try factory.ensureUnused(binding)
        }
        var opened: [SocketBinding: any DatagramSocket] = [:]
        for step in steps where step.action == .bindSocket {
            guard let binding = step.socket else { continue }
            do {
                opened[binding] = try factory.bind(binding, options: plan.options(for: binding))
            } catch {
                for socket in opened.values { socket.close() }
                throw error
            }
        }
        let id = nextPreparedID
        nextPreparedID += 1
        pending[id] = PreparedChange(configuration: configuration, plan: plan, steps: steps, opened: opened)
        return PreparedConfiguration(
            id: id, steps: steps,
            newBindings: opened.keys.sorted { $0.description < $1.description },
            closedBindings: steps.filter { $0.action == .closeSocket }.compactMap(\.socket)
        )
    }

    /// Releases what `prepare` bound; unknown ids are ignored.
    func abort(_ id: UInt64) {
        pending.removeValue(forKey: id)?.release()
    }

    /// Switches to a prepared configuration by carrying out its steps in order. Cannot
    /// fail: every socket is already bound. Associations the plan does not name keep
    /// their state (reach, filter, poll). Returns the steps carried out (each one that
    /// found what it acts on), or nil for an unknown id (nothing changes).
    @discardableResult
    func apply(_ id: UInt64) -> [ReconcileStep]? {
        guard var change = pending.removeValue(forKey: id) else { return nil }
        let now = localNow()
        configuration = change.configuration
        socketPlan = change.plan
        var executed: [ReconcileStep] = []
        for step in change.steps where execute(step, opened: &change.opened, now: now) {
            executed.append(step)
        }
        change.release()  // empty unless a bind step went missing, which the planner rules out
        socketsGeneration += 1
        pruneDynamicAssociations()
        retuneDiscipline(for: configuration)
        generation += 1
        pushSystemVariables(now: now)
        select(now: now)
        return executed
    }

    /// Keeps the discipline's poll range inside the associations' range, so
    /// the loop's time constant matches how often samples really arrive
    /// (ntpd's sys_poll follows minpoll the same way). A change restarts
    /// the loop from the current frequency.
    private func retuneDiscipline(for configuration: EngineConfiguration) {
        var parameters = options.discipline
        if let step = configuration.clockStep {
            parameters.stepThreshold = step.threshold
            parameters.stepLimit = step.limit
            parameters.panicThreshold = step.panicThreshold
        }
        if !configuration.associations.isEmpty {
            parameters.minimumPollExponent = configuration.associations.map(\.minimumPollExponent).min()!
            parameters.maximumPollExponent = max(
                configuration.associations.map(\.maximumPollExponent).max()!, parameters.minimumPollExponent
            )
        }
        guard parameters != discipline.parameters else { return }
        discipline = discipline.retuned(parameters, frequency: driver.readFrequency(), systemPrecision: options.precision)
        system.pollExponent = discipline.pollExponent
    }

    static func validate(_ configuration: EngineConfiguration) throws(EngineError) {
        try validateBroadcast(configuration)
        var names: Set<String> = []
        let keyIDs = Set(configuration.keys.map(\.id))
        if let stratum = configuration.refclockMasterStratum, !(1...15).contains(stratum) {
            throw .invalidValue("refclock-master stratum \(stratum) is outside 1..15")
        }
        for key in configuration.keys {
            if key.secret.isEmpty { throw .invalidValue("key \(key.id) has an empty secret") }
            if key.algorithm == .aesCMAC, key.secret.count != 16 {
                throw .invalidValue("AES-CMAC key \(key.id) must be 16 bytes, not \(key.secret.count)")
            }
        }
        for settings in configuration.associations {
            guard names.insert(settings.name).inserted else { throw .duplicateAssociation(settings.name) }
            if let keyID = settings.keyID, !keyIDs.contains(keyID) {
                throw .unknownKey(keyID, association: settings.name)
            }
            if !NTPPacket.supportedVersions.contains(settings.version) {
                throw .invalidValue("association \(settings.name): version \(settings.version) is outside 1..4")
            }
            if settings.port == 0 { throw .invalidValue("association \(settings.name): port 0") }
            if settings.host.isEmpty { throw .invalidValue("association \(settings.name): empty address") }
        }
    }
}
