internal import XMLSupport

/// One interface of ietf-interfaces + ietf-ip + meridian-ntp as interface-view commands.
enum InterfaceLines {
    static func lines(_ interface: XMLElement) -> [String] {
        let ifns = Namespaces.interfaces
        let ns = Namespaces.ntp
        var lines = ["interface \(interface.text("name", ifns) ?? "-")"]
        let addresses = interface.firstChild(named: "ipv4", namespace: Namespaces.ip)?.children(named: "address", namespace: Namespaces.ip) ?? []
        for address in addresses {
            let ip = address.text("ip", Namespaces.ip) ?? "-"
            let mask = address.text("prefix-length", Namespaces.ip).flatMap(Int.init).map(AddressSyntax.dottedMask(prefixLength:))
                ?? address.text("netmask", Namespaces.ip) ?? "-"
            lines.append(" ip address \(ip) \(mask)")
        }
        let ipv6 = interface.firstChild(named: "ipv6", namespace: Namespaces.ip)?.children(named: "address", namespace: Namespaces.ip) ?? []
        for address in ipv6 {
            lines.append(" ipv6 address \(address.text("ip", Namespaces.ip) ?? "-") \(address.text("prefix-length", Namespaces.ip) ?? "-")")
        }
        if let ntp = interface.firstChild(named: "ntp", namespace: ns) {
            if let server = ntp.firstChild(named: "broadcast-server", namespace: ns) {
                lines.append(" ntp-service broadcast-server" + options(server, [("authentication-keyid", "key-id"), ("version", "version")]))
            }
            if ntp.firstChild(named: "broadcast-client", namespace: ns) != nil {
                lines.append(" ntp-service broadcast-client")
            }
            for server in ntp.children(named: "multicast-server", namespace: ns) {
                lines.append(" ntp-service multicast-server \(server.text("group", ns) ?? "-")"
                    + options(server, [("ttl", "ttl"), ("authentication-keyid", "key-id"), ("version", "version")]))
            }
            for client in ntp.children(named: "multicast-client", namespace: ns) {
                lines.append(" ntp-service multicast-client \(client.text("group", ns) ?? "-")")
            }
            if ntp.text("enabled", ns) == "false" {
                lines.append(" ntp-service disable")
            }
        }
        return lines
    }

    /// ` keyword value` for each leaf present, in the given order.
    static func options(_ element: XMLElement, _ pairs: [(keyword: String, leaf: String)], namespace: String = Namespaces.ntp) -> String {
        pairs.compactMap { pair in element.text(pair.leaf, namespace).map { " \(pair.keyword) \($0)" } }.joined()
    }
}
