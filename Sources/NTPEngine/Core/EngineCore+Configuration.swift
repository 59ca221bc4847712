import NTPCore

extension EngineCore {
    /// Checks `configuration` and binds the sockets it needs that are not
    /// bound yet. On failure everything bound here is closed again and the
    /// running state is untouched. One change is pending at a time:
    /// preparing again aborts the previous one.
    func prepare(_ configuration: EngineConfiguration, factory: any DatagramSocketFactory) throws(EngineError) -> PreparedConfiguration {
        try Self.validate(configuration)
        for id in pending.keys { abort(id) }
        let plan = SocketPlan(configuration)
        // A port this engine holds no socket on yet must be free: no other process may have it.
        let heldPorts = Set(sockets.keys.map(\.port))
        for binding in plan.bindings.keys.sorted(by: { $0.description < $1.description })
        where !heldPorts.contains(binding.port) && !binding.address.isMulticast && plan.broadcastReceivers[binding] == nil {
            try factory.ensureUnused(binding)
        }
        var opened: [SocketBinding: any DatagramSocket] = [:]
        // New bindings, and bound ones whose broadcast or multicast options change:
        // those are opened again (SO_REUSEADDR) and swapped in by apply.
        let reopen = { (binding: SocketBinding) in
            self.sockets[binding] == nil || self.socketPlan.options(for: binding) != plan.options(for: binding)
        }
        for binding in plan.bindings.keys.sorted(by: { $0.description < $1.description }) where reopen(binding) {
            do {
                opened[binding] = try factory.bind(binding, options: plan.options(for: binding))
            } catch {
                for socket in opened.values { socket.close() }
                throw error
            }
        }
        let id = nextPreparedID
        nextPreparedID += 1
        pending[id] = PreparedChange(configuration: configuration, plan: plan, opened: opened)
        return PreparedConfiguration(
            id: id,
            newBindings: opened.keys.sorted { $0.description < $1.description },
            closedBindings: sockets.keys.filter { plan.bindings[$0] == nil }.sorted { $0.description < $1.description }
        )
    }

    /// Releases what `prepare` bound; unknown ids are ignored.
    func abort(_ id: UInt64) {
        pending.removeValue(forKey: id)?.release()
    }

    /// Switches to a prepared configuration. Cannot fail: every socket is
    /// already bound. Associations whose settings and socket are unchanged
    /// keep their state (reach, filter, poll); the rest are replaced.
    /// Returns false for an unknown id (nothing changes).
    @discardableResult
    func apply(_ id: UInt64) -> Bool {
        guard let change = pending.removeValue(forKey: id) else { return false }
        let now = localNow()
        let old = configuration
        let new = change.configuration
        for (binding, socket) in change.opened {
            sockets.removeValue(forKey: binding)?.close()
            sockets[binding] = socket
        }
        for binding in sockets.keys where change.plan.bindings[binding] == nil {
            sockets.removeValue(forKey: binding)?.close()
        }
        socketPlan = change.plan
        socketsGeneration += 1
        keys = KeyTable(new.keys)
        if new.rateLimit != old.rateLimit { server = NTPServer(rateLimit: new.rateLimit) }
        configuration = new
        retuneDiscipline(for: new)
        reconcileAssociations(new, now: now)
        generation += 1
        pushSystemVariables(now: now)
        select(now: now)
        return true
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

    private func reconcileAssociations(_ new: EngineConfiguration, now: LocalTimestamp) {
        let wanted = Dictionary(new.associations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var kept = keepDemobilized(wanted, in: new)
        let senders = reconcileBroadcastServers(new)
        let configured = Set(new.associations.compactMap(\.numericAddress))
        for (id, record) in records where record.broadcastServer == nil {
            if let listener = record.broadcastListener {
                if !keepsBroadcastClient(record, listener: listener, in: new, configured: configured) { removeAssociation(id) }
            } else if let settings = record.settings {
                if let target = wanted[settings.name], SocketPlan.binding(for: target, in: new) == record.socket,
                    target == settings && record.machine.configuration == machineConfiguration(for: target)
                        || changeInPlace(id, from: settings, to: target) {
                    kept.insert(settings.name)
                } else {
                    removeAssociation(id)
                }
            } else if !socketPlan.serves(record.socket) || !keepsEphemeral(record, in: new, configured: configured) {
                removeAssociation(id)
            }
        }
        for settings in new.associations where !kept.contains(settings.name) {
            addAssociation(
                configuration: machineConfiguration(for: settings), settings: settings,
                remote: settings.numericAddress.map { NTPEndpoint(address: $0, port: settings.port) },
                socket: SocketPlan.binding(for: settings, in: new), now: now
            )
        }
        for sender in new.broadcastServers where !senders.contains(sender.name) {
            addBroadcastServer(sender, port: new.port, now: now)
        }
    }

    /// Changes an association's settings while it keeps running (reach, filter, poll),
    /// when the address, port, mode and polling stay the same.
    private func changeInPlace(_ id: AssociationID, from old: AssociationSettings, to new: AssociationSettings) -> Bool {
        guard old.host == new.host, old.port == new.port, old.sourceAddress == new.sourceAddress, old.device == new.device,
            var record = records[id], record.machine.reconfigure(machineConfiguration(for: new))
        else { return false }
        record.settings = new
        records[id] = record
        return true
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
