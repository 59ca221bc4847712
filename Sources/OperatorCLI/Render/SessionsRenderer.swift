public import XMLSupport

/// `display ntp-service sessions [verbose]`, from `<get>` of /system-state/ntp/association:
/// VRP's table, or one block of fields per session.
public enum SessionsRenderer {
    public static func render(_ data: XMLElement, verbose: Bool) -> String {
        let ns = Namespaces.ntp
        let associations = data.stateNTP?.children(named: "association", namespace: ns) ?? []
        if verbose { return associations.map(verboseBlock).joined(separator: "\n\n") + "\n  Total associations : \(associations.count)" }
        var lines = [
            "      source          reference       stra reach poll  now offset  delay disper",
            "  " + String(repeating: "*", count: 79),
        ]
        for association in associations {
            func value(_ name: String) -> String { association.text(name, ns) ?? "-" }
            let marks = flags(association).map(String.init).joined()
            lines.append(
                " [\(marks)]" + value("address").rightPadded(to: 15) + " " + value("reference-id").rightPadded(to: 15)
                + value("stratum").leftPadded(to: 5, with: " ") + value("reach").leftPadded(to: 6, with: " ")
                + pollSeconds(value("poll")).leftPadded(to: 5, with: " ") + value("now").leftPadded(to: 5, with: " ")
                + " " + value("offset") + " " + value("delay") + " " + value("dispersion"))
        }
        lines.append("  note: 1 source(master),2 source(peer),3 selected,4 candidate,5 configured")
        lines.append("  Total associations :  \(associations.count)")
        return lines.joined(separator: "\n")
    }

    /// VRP's note digits: 1 master (server), 2 peer, 3 selected, 4 candidate, 5 configured.
    static func flags(_ association: XMLElement) -> [Int] {
        let ns = Namespaces.ntp
        var result: [Int] = []
        switch association.text("local-mode", ns) {
        case "client"?, "broadcast-client"?: result.append(1)
        case "active"?, "passive"?: result.append(2)
        default: break
        }
        switch association.text("selection", ns) {
        case "sys-peer"?: result.append(3)
        case "candidate"?: result.append(4)
        default: break
        }
        if association.text("configured", ns) == "true" { result.append(5) }
        return result
    }

    /// The poll exponent as seconds (VRP shows seconds).
    static func pollSeconds(_ exponent: String) -> String {
        guard let value = Int(exponent) else { return exponent }
        return value >= 0 ? String(1 << min(value, 30)) : "1/\(1 << min(-value, 30))"
    }

    static func verboseBlock(_ association: XMLElement) -> String {
        let ns = Namespaces.ntp
        func value(_ name: String) -> String { association.text(name, ns) ?? "-" }
        let status = [
            value("configured") == "true" ? "configured" : "dynamic", value("local-mode"), value("selection"),
        ]
        let fields: [(String, String)] = [
            ("clock source", value("address")),
            ("clock stratum", value("stratum")),
            ("clock status", status.joined(separator: ", ")),
            ("reference clock ID", value("reference-id")),
            ("local mode", value("local-mode")),
            ("local interface", value("source-interface")),
            ("source address", value("source-address")),
            ("leap indicator", value("leap")),
            ("authenticated", value("authenticated")),
            ("reach", value("reach")),
            ("unreach", value("unreach")),
            ("current poll", pollSeconds(value("poll"))),
            ("now", value("now")),
            ("offset", value("offset") + " ms"),
            ("delay", value("delay") + " ms"),
            ("disper", value("dispersion") + " ms"),
            ("jitter", value("jitter") + " ms"),
        ]
        return fields.map { "  \($0.0): \($0.1)" }.joined(separator: "\n")
    }
}
