import NTPCore
import XMLSupport
public import NTPEngine

/// An engine event as the content of a meridian-ntp notification (RFC 5277): the notification's
/// name and its one element, in the meridian-ntp namespace, ready to go inside `<notification>`
/// after the `eventTime` (which is the event's ``TimedEngineEvent/time``).
public enum NTPEventNotification {
    /// The YANG module that defines every notification rendered here.
    public static let module = "meridian-ntp"
    public static let namespace = "urn:meridian:params:xml:ns:yang:meridian-ntp"

    public static func render(_ event: TimedEngineEvent) -> (name: String, contentXML: String) {
        let (name, content) = body(event.event)
        return (name, "<\(name) xmlns=\"\(namespace)\">\(content)</\(name)>")
    }

    /// The notification's name and the XML of its children.
    static func body(_ event: EngineEvent) -> (String, String) {
        switch event {
        case .synchronizationChanged(let change):
            return ("synchronization-state-change", leaf("previous-status", status(change.from)) + leaf("status", status(change.to))
                + leaf("stratum", min(max(change.stratum, 1), 16)) + leaf("reference-id", text(change.referenceID.description))
                + leaf("offset", EngineStateXML.milliseconds(change.offset)))
        case .systemPeerChanged(let old, let new):
            return ("system-peer-change", (old.map { container("previous-peer", association($0)) } ?? "")
                + (new.map { container("system-peer", association($0)) } ?? ""))
        case .stratumChanged(let from, let to):
            return ("stratum-change", leaf("previous-stratum", min(max(from, 1), 15)) + leaf("stratum", min(max(to, 1), 15)))
        case .reachabilityChanged(let source, let reachable, let reach):
            return ("association-reachability-change", association(source) + leaf("reachable", reachable) + leaf("reach", reach))
        case .kissOfDeathReceived(let source, let code):
            return ("kiss-of-death-received", association(source) + leaf("code", code.safeText))
        case .authenticationFailed(let source, let reason):
            return ("authentication-failure", association(source) + leaf("reason", self.reason(reason)))
        case .clockStepped(let offset, let source):
            return ("clock-step", correction(offset, source))
        case .stepRefused(let offset, let source, let reason):
            return ("clock-step-refused", correction(offset, source)
                + leaf("reason", reason == .notBackedByMajority ? "no-majority" : "step-limit"))
        case .panicThresholdExceeded(let offset, let threshold, let source):
            return ("panic-threshold-exceeded", correction(offset, source)
                + (threshold.isFinite ? leaf("panic-threshold", EngineStateXML.milliseconds(threshold)) : ""))
        case .leapSecondAnnouncement(let leap):
            return ("leap-second-announcement", leaf("leap", self.leap(leap)))
        case .ephemeralMobilized(let source, let mode, let keyID):
            let key = keyID.flatMap { (1...65_535).contains($0) ? leaf("key-id", $0) : nil } ?? ""
            return ("ephemeral-association-created", ephemeral(source, mode) + key)
        case .ephemeralReaped(let source, let mode, let wasReachable):
            return ("ephemeral-association-removed", ephemeral(source, mode) + leaf("was-reachable", wasReachable))
        }
    }

    /// The `association-ref` grouping's leaves.
    static func association(_ association: EventAssociation) -> String {
        var xml = leaf("name", text(association.name)) + leaf("association-id", association.id.rawValue)
        if let remote = association.remote { xml += leaf("address", remote.address) + leaf("port", remote.port) }
        return xml + leaf("local-mode", EngineStateXML.localMode(association.mode)) + leaf("configured", association.configured)
    }

    /// The `clock-correction` grouping's nodes.
    static func correction(_ offset: Double, _ source: EventAssociation) -> String {
        leaf("offset", EngineStateXML.milliseconds(offset)) + container("source", association(source))
    }

    /// The `ephemeral-ref` grouping's leaves.
    static func ephemeral(_ source: NTPEndpoint, _ mode: AssociationMode) -> String {
        leaf("address", source.address) + leaf("port", source.port) + leaf("local-mode", EngineStateXML.localMode(mode))
    }

    static func status(_ status: EngineEvent.SynchronizationStatus) -> String {
        status == .synchronized ? "synchronized" : "unsynchronized"
    }

    static func reason(_ failure: EngineEvent.AuthenticationFailure) -> String {
        switch failure {
        case .badMAC: "bad-mac"
        case .missingMAC: "missing-mac"
        case .unexpectedKey: "unexpected-key"
        case .cryptoNAK: "crypto-nak"
        }
    }

    static func leap(_ leap: LeapIndicator) -> String {
        switch leap {
        case .lastMinuteHas61Seconds: "insert-second"
        case .lastMinuteHas59Seconds: "delete-second"
        case .noWarning, .unsynchronized: "none"
        }
    }

    /// Character data: any string becomes well-formed text.
    static func text(_ value: String) -> String { XMLWriter.escapeText(value) }

    /// A leaf whose value is already text-safe (numbers, booleans, addresses, enum names, escaped text).
    static func leaf(_ name: String, _ value: some CustomStringConvertible) -> String { "<\(name)>\(value)</\(name)>" }

    static func container(_ name: String, _ content: String) -> String { "<\(name)>\(content)</\(name)>" }
}
