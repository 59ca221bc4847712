import NetconfClient
import OperatorCLI
import XMLSupport

/// `display ntp-service trace`: this device's clock state from `<get>`, then NTP queries up
/// the chain. The first hop is asked on the UDP port of the matching configured server
/// (the port the device itself uses for it), else 123; each further hop on the port of the
/// hop before (a lab on one port stays on it).
struct TraceDisplay {
    let agent: AgentOperations
    let host: String

    func render() throws -> String {
        let state = try agent.get(filter: Displays.stateFilter + "<clock-state/></ntp></system-state>")
        let first = NTPTrace.Hop(
            server: host, stratum: Int(leaf(state, "stratum") ?? "") ?? 16,
            offset: (Double(leaf(state, "offset") ?? "") ?? 0) / 1_000,
            rootDelay: (Double(leaf(state, "root-delay") ?? "") ?? 0) / 1_000,
            rootDispersion: (Double(leaf(state, "root-dispersion") ?? "") ?? 0) / 1_000,
            referenceID: leaf(state, "reference-id") ?? "")
        let ports = try serverPorts()
        var port = ports[first.referenceID] ?? 123
        let (hops, unanswered) = NTPTrace.walk(from: first) { address in
            port = ports[address] ?? port
            return NTPQuery.query(address, port: port)
        }
        return NTPTrace.render(hops, unanswered: unanswered)
    }

    private func leaf(_ data: XMLElement, _ name: String) -> String? {
        data.firstChild(named: "system-state", namespace: Namespaces.system)?
            .firstChild(named: "ntp", namespace: Namespaces.ntp)?
            .firstChild(named: "clock-state", namespace: Namespaces.ntp)?
            .firstChild(named: name, namespace: Namespaces.ntp)?.textContent.trimmingXMLWhitespace()
    }

    /// Configured server and peer addresses with their UDP ports.
    private func serverPorts() throws -> [String: Int] {
        let data = try agent.getConfig("running", filter: "<system xmlns=\"\(Namespaces.system)\"><ntp><server/></ntp></system>")
        var ports: [String: Int] = [:]
        let servers = data.firstChild(named: "system", namespace: Namespaces.system)?
            .firstChild(named: "ntp", namespace: Namespaces.system)?.children(named: "server", namespace: Namespaces.system) ?? []
        for server in servers {
            let udp = server.firstChild(named: "udp", namespace: Namespaces.system)
            guard let address = udp?.firstChild(named: "address", namespace: Namespaces.system)?.textContent.trimmingXMLWhitespace()
            else { continue }
            ports[address] = udp?.firstChild(named: "port", namespace: Namespaces.system).flatMap { Int($0.textContent.trimmingXMLWhitespace()) } ?? 123
        }
        return ports
    }
}
