import Glibc
import NTPCore
import Datastore
public import NTPEngine

/// The engine's snapshot as `/system-state/ntp` XML (meridian-ntp state).
public enum EngineStateXML {
    static let system = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let ntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    /// Seconds between the NTP era 0 epoch (1900) and the Unix epoch.
    static let ntpToUnix: Int = 2_208_988_800

    public static func render(_ snapshot: EngineSnapshot) -> String {
        var xml = "<system-state xmlns=\"\(system)\"><ntp xmlns=\"\(ntp)\">"
        xml += clockState(snapshot.clock)
        var seen = Set<String>()
        for association in snapshot.associations {
            guard let entry = self.association(association) else { continue }
            guard seen.insert(entry.key).inserted else { continue }
            xml += entry.xml
        }
        for association in snapshot.associations {
            if let entry = unresolvedAssociation(association, now: Int(time(nil))) { xml += entry }
        }
        xml += statistics(snapshot.counters)
        return xml + "</ntp></system-state>"
    }

    /// A configured association whose host name has no address yet; `now` in Unix seconds.
    static func unresolvedAssociation(_ status: AssociationStatus, now: Int) -> String? {
        guard status.remote == nil, status.configured, let resolution = status.resolution else { return nil }
        var xml = "<unresolved-association>" + leaf("name", XMLText.escape(status.name)) + leaf("host", XMLText.escape(status.host))
        xml += leaf("local-mode", status.mode == .symmetricActive ? "active" : "client")
        if let error = resolution.lastError {
            xml += leaf("state", "unresolved") + leaf("last-error", XMLText.escape(error)) + leaf("attempts", resolution.attempts)
            xml += leaf("next-retry", UTCTimestamp.format(secondsSinceEpoch: now + Int(resolution.retryIn.rounded(.up))))
        } else {
            xml += leaf("state", "resolving")
        }
        return xml + "</unresolved-association>"
    }

    static func leaf(_ name: String, _ value: some CustomStringConvertible) -> String {
        "<\(name)>\(value)</\(name)>"
    }

    /// Seconds to the decimal64 milliseconds the model uses (6 fraction digits).
    public static func milliseconds(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "0" }
        let micro = (seconds * 1_000_000_000).rounded() / 1_000_000
        let clamped = max(-9_000_000_000_000, min(9_000_000_000_000, micro))
        let scaled = Int64((clamped * 1_000_000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let magnitude = scaled.magnitude
        let fraction = String(magnitude % 1_000_000)
        return "\(sign)\(magnitude / 1_000_000).\(String(repeating: "0", count: 6 - fraction.count))\(fraction)"
    }

    static func clockState(_ clock: ClockState) -> String {
        var xml = "<clock-state>"
        xml += leaf("status", clock.synchronized ? "synchronized" : "unsynchronized")
        xml += leaf("stratum", min(max(clock.stratum, 1), 16))
        xml += leaf("reference-id", XMLText.escape(clock.referenceID.description))
        xml += leaf("precision", clock.precision)
        xml += leaf("offset", milliseconds(clock.offset))
        xml += leaf("root-delay", milliseconds(clock.rootDelay))
        xml += leaf("root-dispersion", milliseconds(clock.rootDispersion))
        if !clock.referenceTime.isZero {
            xml += leaf("reference-time", UTCTimestamp.format(secondsSinceEpoch: Int(clock.referenceTime.seconds) - ntpToUnix))
        }
        xml += leaf("sync-state", syncState(clock.disciplineState))
        return xml + "</clock-state>"
    }

    static func syncState(_ state: DisciplineState) -> String {
        switch state {
        case .unset: "clock-never-set"
        case .frequencySet: "freq-set-by-cfg"
        case .spike: "spike"
        case .frequencyMeasure: "freq"
        case .sync: "clock-synchronized"
        }
    }

    static func association(_ status: AssociationStatus) -> (key: String, xml: String)? {
        guard let remote = status.remote else { return nil }
        let mode = localMode(status.mode)
        let address = remote.address.description
        var xml = "<association>" + leaf("address", address) + leaf("local-mode", mode)
        xml += leaf("configured", status.configured)
        if let stratum = status.stratum { xml += leaf("stratum", stratum) }
        if let id = status.referenceID { xml += leaf("reference-id", XMLText.escape(id.description)) }
        if let leap = status.leap { xml += leaf("leap", leap.rawValue) }
        xml += leaf("prefer", status.prefer) + leaf("authenticated", status.authenticated)
        xml += leaf("reach", status.reach) + leaf("poll", status.hostPollExponent)
        if let since = status.sinceLastReceived, since.isFinite, since >= 0 { xml += leaf("now", UInt32(min(since, 4e9))) }
        if let v = status.offset { xml += leaf("offset", milliseconds(v)) }
        if let v = status.delay { xml += leaf("delay", milliseconds(v)) }
        if let v = status.dispersion { xml += leaf("dispersion", milliseconds(v)) }
        if let v = status.jitter { xml += leaf("jitter", milliseconds(v)) }
        if let selection = status.selection { xml += leaf("selection", self.selection(selection)) }
        if let socket = status.socket, !socket.address.isWildcard { xml += leaf("source-address", socket.address.description) }
        return ("\(address)|\(mode)", xml + "</association>")
    }

    /// The meridian-ntp `association-mode` of `mode`.
    static func localMode(_ mode: AssociationMode) -> String {
        switch mode {
        case .client: "client"
        case .symmetricActive: "active"
        case .symmetricPassive: "passive"
        case .broadcastClient: "broadcast-client"
        case .broadcastServer: "broadcast-server"
        }
    }

    static func selection(_ status: SourceSelectionStatus) -> String {
        switch status {
        case .systemPeer: "sys-peer"
        case .survivor: "candidate"
        case .outlier: "outlier"
        case .falseticker: "falseticker"
        case .ineligible: "reject"
        }
    }

    static func statistics(_ counters: EngineCounters) -> String {
        "<statistics>" + leaf("packets-sent", counters.packetsSent) + leaf("packets-received", counters.packetsReceived)
            + leaf("packets-dropped", counters.packetsDropped) + leaf("bad-packets", counters.badPackets)
            + leaf("authentication-failures", counters.authenticationFailures)
            + leaf("unauthenticated-dropped", counters.unauthenticatedDropped)
            + leaf("access-denied", counters.accessDenied) + leaf("rate-limited", counters.rateLimited)
            + leaf("invalid-source", counters.invalidSource) + leaf("send-failures", counters.sendFailures)
            + leaf("ephemeral-refused", counters.ephemeralRefused) + leaf("ephemeral-reaped", counters.ephemeralReaped)
            + leaf("steps-refused", counters.stepsRefused)
            + leaf("kod-sent", counters.kissCodesSent) + leaf("kod-received", counters.kissCodesReceived) + "</statistics>"
    }
}

/// Minimal XML text escaping for values that may hold any character.
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}
