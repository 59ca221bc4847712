import NTPCore

/// The only reconciler: what moving the engine from one configuration to another
/// changes, as ordered steps. Pure. The engine prepares and applies exactly these steps
/// and `mntp:plan` shows exactly them, so the dry run cannot disagree with a commit.
///
/// Order: start or stop, removals (associations, then mode-5 senders), socket closes,
/// socket binds, engine-wide settings, changes in place, additions (associations, then
/// senders). Removals come first so a replaced association never runs twice; sockets and
/// settings (keys) are in place before an added association sends its first packet.
public enum ReconcilePlanner {
    /// How a configured association present in both configurations carries over.
    enum Carry: Equatable { case unchanged, inPlace, replaced }

    public static func plan(old: EngineConfiguration, new: EngineConfiguration) -> [ReconcileStep] {
        var steps: [ReconcileStep] = []
        let wasRunning = old != .stopped, isRunning = new != .stopped
        if wasRunning, !isRunning { steps.append(.init(.stopEngine, "ntp", "NTP is disabled: all associations stop and every socket closes")) }
        if !wasRunning, isRunning { steps.append(.init(.startEngine, "ntp", "NTP is enabled")) }

        let before = byName(old.associations), after = byName(new.associations)
        let carry = after.compactMapValues { target in
            before[target.name].map { carryOver($0, in: old, to: target, in: new) }
        }
        for association in old.associations where after[association.name] == nil || carry[association.name] == .replaced {
            let why = after[association.name] == nil ? "forget its state" : "it restarts with new settings"
            steps.append(.init(.removeAssociation, association.name, "stop polling \(association.host); \(why)"))
        }
        let keptSenders = Set(old.broadcastServers.filter { new.broadcastServers.contains($0) && old.port == new.port }.map(\.name))
        for sender in old.broadcastServers where !keptSenders.contains(sender.name) {
            steps.append(.init(.removeAssociation, sender.name, "stop sending mode 5 to \(sender.destination)"))
        }
        steps += socketSteps(old, new)
        if wasRunning, isRunning { steps += settingSteps(old, new) }
        for association in new.associations where carry[association.name] == .inPlace {
            steps.append(.init(.changeAssociation, association.name, differences(before[association.name]!, association).joined(separator: ", ")))
        }
        for association in new.associations where carry[association.name] ?? .replaced == .replaced {
            steps.append(.init(.addAssociation, association.name,
                               "\(association.kind == .peer ? "symmetric peer" : "server") \(association.host) port \(association.port)"))
        }
        for sender in new.broadcastServers where !keptSenders.contains(sender.name) {
            steps.append(.init(.addAssociation, sender.name, "send mode 5 from \(sender.source) to \(sender.destination) port \(new.port)"))
        }
        return steps
    }

    /// The NTPCore configuration a configured association runs with under `configuration`
    /// (which adds unsync-max-poll and required authentication).
    static func machineConfiguration(_ settings: AssociationSettings, in configuration: EngineConfiguration) -> AssociationConfiguration {
        var machine = settings.machineConfiguration
        machine.unsynchronizedPollLimit = configuration.unsynchronizedPollLimit
        machine.requireAuthentication = configuration.authenticationRequired
        return machine
    }

    /// Kept as is when nothing it runs with changes; changed in place when it keeps its
    /// socket, remote and device and only per-poll settings differ; else replaced.
    static func carryOver(
        _ old: AssociationSettings, in oldConfiguration: EngineConfiguration,
        to new: AssociationSettings, in newConfiguration: EngineConfiguration
    ) -> Carry {
        guard SocketPlan.binding(for: old, in: oldConfiguration) == SocketPlan.binding(for: new, in: newConfiguration) else {
            return .replaced
        }
        let running = machineConfiguration(old, in: oldConfiguration), wanted = machineConfiguration(new, in: newConfiguration)
        if old == new, running == wanted { return .unchanged }
        guard old.host == new.host, old.port == new.port, old.sourceAddress == new.sourceAddress, old.device == new.device,
              running.allowsInPlaceChange(to: wanted) else { return .replaced }
        return .inPlace
    }

    /// Sockets the new configuration no longer needs close; new ones, and ones whose
    /// broadcast or multicast options change (opened again with `SO_REUSEADDR`), bind.
    static func socketSteps(_ old: EngineConfiguration, _ new: EngineConfiguration) -> [ReconcileStep] {
        let before = SocketPlan(old), after = SocketPlan(new)
        var steps: [ReconcileStep] = []
        for binding in before.bindings.keys.sorted(by: { $0.description < $1.description }) where after.bindings[binding] == nil {
            steps.append(.init(.closeSocket, binding.description, "close \(binding)", socket: binding))
        }
        for binding in after.bindings.keys.sorted(by: { $0.description < $1.description }) {
            let serves = after.serves(binding) ? "; answers requests" : ""
            if before.bindings[binding] == nil {
                steps.append(.init(.bindSocket, binding.description, "bind \(binding)\(serves)", socket: binding))
            } else if before.options(for: binding) != after.options(for: binding) {
                steps.append(.init(.bindSocket, binding.description, "open \(binding) again with new broadcast or multicast options\(serves)",
                                   socket: binding))
            } else if before.serves(binding) != after.serves(binding) {
                steps.append(.init(.changeSetting, binding.description,
                                   after.serves(binding) ? "answer requests on \(binding)" : "stop answering requests on \(binding)"))
            }
        }
        return steps
    }

    static func byName(_ associations: [AssociationSettings]) -> [String: AssociationSettings] {
        Dictionary(associations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
