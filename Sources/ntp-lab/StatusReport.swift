import Foundation
import NTPCore
import NTPEngine

/// The engine snapshot as JSON for scripts and tests.
enum StatusReport {
    static func json(_ snapshot: EngineSnapshot) -> Data {
        let clock = snapshot.clock
        let object: [String: Any] = [
            "clock": [
                "synchronized": clock.synchronized,
                "stratum": Int(clock.stratum),
                "referenceId": clock.referenceID.description,
                "leap": Int(clock.leap.rawValue),
                "offset": clock.offset,
                "frequencyPpm": clock.frequencyPPM,
                "rootDelay": clock.rootDelay,
                "rootDispersion": clock.rootDispersion,
                "jitter": clock.jitter,
                "pollExponent": Int(clock.pollExponent),
                "disciplineState": "\(clock.disciplineState)",
                "systemPeer": clock.systemPeer as Any,
                "correction": clock.correction,
                "servingLocalClock": clock.servingLocalClock,
            ] as [String: Any],
            "associations": snapshot.associations.map(association),
            "counters": counters(snapshot.counters),
            "sockets": snapshot.sockets.map(\.description),
            "generation": snapshot.configurationGeneration,
        ]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    private static func association(_ status: AssociationStatus) -> [String: Any] {
        [
            "name": status.name,
            "mode": "\(status.mode)",
            "configured": status.configured,
            "remote": status.remote?.description as Any,
            "socket": status.socket?.description as Any,
            "stratum": status.stratum.map(Int.init) as Any,
            "referenceId": status.referenceID?.description as Any,
            "reach": Int(status.reach),
            "hostPoll": Int(status.hostPollExponent),
            "offset": status.offset as Any,
            "delay": status.delay as Any,
            "dispersion": status.dispersion as Any,
            "jitter": status.jitter as Any,
            "selection": status.selection.map(selection) as Any,
            "authenticated": status.authenticated,
            "keyId": status.keyID.map(Int.init) as Any,
            "running": status.isRunning,
            "sent": status.packetsSent,
            "received": status.packetsReceived,
        ]
    }

    private static func selection(_ status: SourceSelectionStatus) -> String {
        switch status {
        case .systemPeer: "sys-peer"
        case .survivor: "candidate"
        case .outlier: "outlier"
        case .falseticker: "falseticker"
        case .ineligible(let reason): "reject:\(reason)"
        }
    }

    private static func counters(_ counters: EngineCounters) -> [String: Any] {
        guard let data = try? JSONEncoder().encode(counters),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }
}
