internal import XMLSupport

/// /system/ntp (ietf-system + meridian-ntp) as system-view commands. Keys come before the
/// settings that name them, interfaces were rendered before, servers last.
enum NTPLines {
    static func lines(_ ntp: XMLElement) -> [String] {
        let ns = Namespaces.ntp
        var lines: [String] = []
        if ntp.text("enabled", Namespaces.system) == "false" { lines.append("undo ntp-service enable") }
        if let authentication = ntp.firstChild(named: "authentication", namespace: ns) {
            lines += keyLines(authentication)
        }
        if let master = ntp.firstChild(named: "refclock-master", namespace: ns) {
            lines.append("ntp-service refclock-master" + (master.text("stratum", ns).map { " \($0)" } ?? ""))
        }
        if let name = ntp.text("source-interface", ns) { lines.append("ntp-service source-interface \(name)") }
        if let name = ntp.text("ipv6-source-interface", ns) { lines.append("ntp-service ipv6 source-interface \(name)") }
        for listen in ntp.children(named: "listen-interface", namespace: ns) {
            lines.append("ntp-service server source-interface \(TerminalText.escape(listen.textContent.trimmingXMLWhitespace()))")
        }
        if ntp.text("server-enabled", ns) == "false" { lines.append("ntp-service server disable") }
        for rule in ntp.children(named: "access-rule", namespace: ns) {
            let mode = rule.text("mode", ns) ?? "-"
            for prefix in rule.children(named: "prefix", namespace: ns) {
                lines.append("ntp-service access \(mode) \(TerminalText.escape(prefix.textContent.trimmingXMLWhitespace()))")
            }
        }
        if let limit = ntp.firstChild(named: "rate-limit", namespace: ns) {
            lines.append("ntp-service access limited"
                + InterfaceLines.options(limit, [("average-interval", "average-interval"), ("burst", "burst")]))
        }
        if let count = ntp.text("max-dynamic-associations", ns) { lines.append("ntp-service max-dynamic-sessions \(count)") }
        if let unsync = ntp.firstChild(named: "unsync-max-poll", namespace: ns),
           let poll = unsync.text("poll-interval", ns), let step = unsync.text("dec-step", ns) {
            lines.append("ntp unsync max-poll-interval \(poll) dec-step \(step)")
        }
        lines += ntp.children(named: "server", namespace: Namespaces.system).map(serverLine)
        return lines
    }

    static func keyLines(_ authentication: XMLElement) -> [String] {
        let ns = Namespaces.ntp
        var lines: [String] = []
        let algorithms = Dictionary(uniqueKeysWithValues: KeyEdit.algorithms.map { ($0.value, $0.key) })
        for key in authentication.children(named: "key", namespace: ns) {
            let id = key.text("key-id", ns) ?? "-"
            let algorithm = key.text("algorithm", ns).map { algorithms[$0] ?? $0 } ?? "-"
            // Without the right to read secrets (nacm:default-deny-all) the agent leaves them out.
            let secret = key.text("hex-key", ns).map { "hex-cipher \($0)" }
                ?? key.text("ascii-key", ns).map { "cipher \($0)" } ?? "cipher ******"
            lines.append("ntp-service authentication-keyid \(id) authentication-mode \(algorithm) \(secret)")
            if key.text("trusted", ns) == "true" { lines.append("ntp-service reliable authentication-keyid \(id)") }
        }
        if authentication.text("enabled", ns) == "true" { lines.append("ntp-service authentication enable") }
        return lines
    }

    static func serverLine(_ server: XMLElement) -> String {
        let sys = Namespaces.system
        let ns = Namespaces.ntp
        let udp = server.firstChild(named: "udp", namespace: sys)
        let address = udp?.text("address", sys) ?? server.text("name", sys) ?? "-"
        let kind = server.text("association-type", sys) == "peer" ? "unicast-peer" : "unicast-server"
        var line = "ntp-service \(kind) \(address)"
        if let vpn = server.text("vpn-instance", ns) { line += " vpn-instance \(vpn)" }
        if let version = server.text("version", ns) { line += " version \(version)" }
        if let port = udp?.text("port", sys) { line += " port \(port)" }
        if let key = server.text("key-id", ns) { line += " authentication-keyid \(key)" }
        if let source = server.text("source-interface", ns) { line += " source-interface \(source)" }
        if server.text("prefer", sys) == "true" { line += " preference" }
        if let minpoll = server.text("minpoll", ns) { line += " minpoll \(minpoll)" }
        if let maxpoll = server.text("maxpoll", ns) { line += " maxpoll \(maxpoll)" }
        if server.text("burst", ns) == "true" { line += " burst" }
        if server.text("iburst", sys) == "true" { line += " iburst" }
        if server.text("preempt", ns) == "true" { line += " preempt" }
        return line
    }
}
