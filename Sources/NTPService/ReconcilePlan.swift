public import NTPEngine
import NTPCore

/// What applying a new engine configuration changes, in order: removals, changes in
/// place, additions, sockets, then engine-wide settings. Pure: the dry run (`mntp:plan`)
/// and the tests read it; the engine itself reconciles the same way in prepare.
public struct ReconcilePlan: Sendable, Equatable {
    public enum Action: String, Sendable {
        case startEngine = "start-engine", stopEngine = "stop-engine"
        case removeAssociation = "remove-association", changeAssociation = "change-association"
        case addAssociation = "add-association", closeSocket = "close-socket", bindSocket = "bind-socket"
        case changeSetting = "change-setting"
    }

    public struct Step: Sendable, Equatable {
        public var action: Action
        public var target: String
        public var detail: String
    }

    public var steps: [Step] = []

    public static func between(_ old: EngineConfiguration, _ new: EngineConfiguration) -> ReconcilePlan {
        var plan = ReconcilePlan()
        let wasRunning = old != .stopped, isRunning = new != .stopped
        if !isRunning {
            if wasRunning { plan.add(.stopEngine, "ntp", "NTP is disabled: all associations stop and every socket closes") }
            return plan
        }
        if !wasRunning { plan.add(.startEngine, "ntp", "NTP is enabled") }
        let before = Dictionary(old.associations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.associations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for association in old.associations where after[association.name] == nil {
            plan.add(.removeAssociation, association.name, "stop polling \(association.host) and forget its state")
        }
        for association in new.associations {
            guard let previous = before[association.name], previous != association else { continue }
            plan.add(.changeAssociation, association.name, differences(previous, association).joined(separator: ", "))
        }
        for association in new.associations where before[association.name] == nil {
            plan.add(.addAssociation, association.name,
                     "\(association.kind == .peer ? "symmetric peer" : "server") \(association.host) port \(association.port)")
        }
        let oldSenders = wasRunning ? old.broadcastServers : []
        for sender in oldSenders where !new.broadcastServers.contains(sender) {
            plan.add(.removeAssociation, sender.name, "stop sending mode 5 to \(sender.destination)")
        }
        for sender in new.broadcastServers where !oldSenders.contains(sender) {
            plan.add(.addAssociation, sender.name, "send mode 5 from \(sender.source) to \(sender.destination) port \(new.port)")
        }
        let oldListeners = wasRunning ? old.broadcastClients : []
        for listener in oldListeners where !new.broadcastClients.contains(listener) {
            plan.add(.closeSocket, listener.name, "stop listening to \(listener.listen); its broadcast clients stop")
        }
        for listener in new.broadcastClients where !oldListeners.contains(listener) || old.port != new.port {
            plan.add(.bindSocket, listener.name, "listen to mode 5 on \(listener.listen) port \(new.port)")
        }
        let oldListen = wasRunning ? old.listenAddresses : [], newListen = new.listenAddresses
        for address in oldListen where !newListen.contains(address) {
            plan.add(.closeSocket, address.description, "stop answering on \(address) port \(old.port)")
        }
        for address in newListen where !oldListen.contains(address) || old.port != new.port {
            plan.add(.bindSocket, address.description, "answer on \(address) port \(new.port)")
        }
        if wasRunning {
            plan.settings(old, new)
        }
        return plan
    }

    private mutating func settings(_ old: EngineConfiguration, _ new: EngineConfiguration) {
        if old.port != new.port { add(.changeSetting, "port", "UDP port \(old.port) → \(new.port): sockets re-bind") }
        if old.refclockMasterStratum != new.refclockMasterStratum {
            add(.changeSetting, "refclock-master",
                "\(old.refclockMasterStratum.map { "stratum \($0)" } ?? "off") → \(new.refclockMasterStratum.map { "stratum \($0)" } ?? "off")")
        }
        if old.serverEnabled != new.serverEnabled {
            add(.changeSetting, "server-enabled", new.serverEnabled ? "answer clients" : "stop answering clients")
        }
        if old.keys != new.keys { add(.changeSetting, "authentication", "the key table changes") }
        if old.authenticationRequired != new.authenticationRequired {
            add(.changeSetting, "authentication",
                new.authenticationRequired ? "only authenticated packets are used" : "unauthenticated packets may be used")
        }
        if old.clockStep != new.clockStep {
            let describe = { (step: ClockStepSettings?) in
                step.map { "threshold \($0.threshold) s, limit \($0.limit), panic \($0.panicThreshold.map { "\($0) s" } ?? "none")" }
                    ?? "RFC 5905"
            }
            add(.changeSetting, "clock-step", "\(describe(old.clockStep)) → \(describe(new.clockStep))")
        }
        if old.accessRules != new.accessRules { add(.changeSetting, "access-rule", "access rules change") }
        if old.disabledAddresses != new.disabledAddresses {
            add(.changeSetting, "interface-enabled", "NTP disabled on: \(new.disabledAddresses.map(\.description).joined(separator: ", "))")
        }
        if old.unsynchronizedPollLimit != new.unsynchronizedPollLimit {
            let describe = { (limit: UnsynchronizedPollLimit?) in
                limit.map { "poll-interval \($0.maximumPollExponent), dec-step \($0.decrement)" } ?? "off"
            }
            add(.changeSetting, "unsync-max-poll", "\(describe(old.unsynchronizedPollLimit)) → \(describe(new.unsynchronizedPollLimit))")
        }
        if old.maximumDynamicAssociations != new.maximumDynamicAssociations {
            add(.changeSetting, "max-dynamic-associations", "\(old.maximumDynamicAssociations) → \(new.maximumDynamicAssociations)")
        }
    }

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
        return changes.isEmpty ? ["settings change"] : changes
    }

    private mutating func add(_ action: Action, _ target: String, _ detail: String) {
        steps.append(Step(action: action, target: target, detail: detail))
    }

    /// The plan as the `mntp:plan` output elements.
    public var outputXML: String {
        let ns = "urn:meridian:params:xml:ns:yang:meridian-ntp"
        return steps.enumerated().map { index, step in
            "<step xmlns=\"\(ns)\"><index>\(index + 1)</index><action>\(step.action.rawValue)</action>"
                + "<target>\(XMLText.escape(step.target))</target><detail>\(XMLText.escape(step.detail))</detail></step>"
        }.joined()
    }
}
