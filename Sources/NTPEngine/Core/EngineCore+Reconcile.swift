import NTPCore

/// Carrying out the planner's steps (``ReconcilePlanner``) on apply. `configuration`
/// and `socketPlan` are already the new ones.
extension EngineCore {
    /// Carries out one step; false when it found nothing to act on.
    func execute(_ step: ReconcileStep, opened: inout [SocketBinding: any DatagramSocket], now: LocalTimestamp) -> Bool {
        switch step.action {
        case .startEngine:
            keys = KeyTable(configuration.keys)
            server = NTPServer(rateLimit: configuration.rateLimit)
            return true
        case .stopEngine:
            return true
        case .removeAssociation:
            return removeConfigured(named: step.target)
        case .changeAssociation:
            return changeInPlace(named: step.target, now: now)
        case .addAssociation:
            return addConfigured(named: step.target, now: now)
        case .closeSocket:
            guard let binding = step.socket, let socket = sockets.removeValue(forKey: binding) else { return false }
            socket.close()
            return true
        case .bindSocket:
            guard let binding = step.socket, let socket = opened.removeValue(forKey: binding) else { return false }
            sockets.removeValue(forKey: binding)?.close()
            sockets[binding] = socket
            return true
        case .changeSetting:
            switch ReconcileStep.Setting(rawValue: step.target) {
            case .authentication: keys = KeyTable(configuration.keys)
            case .rateLimit: server = NTPServer(rateLimit: configuration.rateLimit)
            default: break  // read from `configuration` where used
            }
            return true
        }
    }

    /// Stops a configured association or mode-5 sender, running or demobilized.
    private func removeConfigured(named name: String) -> Bool {
        if let id = records.values.first(where: { $0.settings?.name == name || $0.broadcastServer?.name == name })?.id {
            removeAssociation(id)
            return true
        }
        return demobilized.removeValue(forKey: name) != nil
    }

    /// New per-poll settings for a running association, keeping its reach, filter and
    /// poll state. A demobilized one whose settings change runs again, afresh.
    private func changeInPlace(named name: String, now: LocalTimestamp) -> Bool {
        guard let settings = configuration.associations.first(where: { $0.name == name }) else { return false }
        if let dropped = demobilized[name] {
            guard dropped.settings != settings else { return true }  // stays dropped; reads the new engine-wide settings when back
            demobilized[name] = nil
            return addConfigured(named: name, now: now)
        }
        guard let id = records.values.first(where: { $0.settings?.name == name })?.id else { return false }
        guard records[id]!.machine.reconfigure(machineConfiguration(for: settings)) else {
            // The planner rules this out; should it happen, the association still ends up with
            // its new settings (restarted), and the step is not reported as carried out.
            removeAssociation(id)
            _ = addConfigured(named: name, now: now)
            return false
        }
        records[id]!.settings = settings
        return true
    }

    /// Starts a configured association or mode-5 sender of the new configuration.
    private func addConfigured(named name: String, now: LocalTimestamp) -> Bool {
        if let settings = configuration.associations.first(where: { $0.name == name }) {
            addAssociation(
                configuration: machineConfiguration(for: settings), settings: settings,
                remote: settings.numericAddress.map { NTPEndpoint(address: $0, port: settings.port) },
                socket: SocketPlan.binding(for: settings, in: configuration), now: now
            )
            return true
        }
        guard let sender = configuration.broadcastServers.first(where: { $0.name == name }) else { return false }
        addBroadcastServer(sender, port: configuration.port, now: now)
        return true
    }

    /// Dynamic associations (symmetric passive, broadcast clients) are state, not
    /// configuration: each stays only while the new configuration still admits it.
    func pruneDynamicAssociations() {
        let configured = Set(configuration.associations.compactMap(\.numericAddress))
        for (id, record) in records where record.settings == nil && record.broadcastServer == nil {
            let keeps = record.broadcastListener.map {
                keepsBroadcastClient(record, listener: $0, in: configuration, configured: configured)
            } ?? (socketPlan.serves(record.socket) && keepsEphemeral(record, in: configuration, configured: configured))
            if !keeps { removeAssociation(id) }
        }
    }
}
