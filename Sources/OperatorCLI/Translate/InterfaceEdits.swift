/// Edits made in an interface view: its IPv4 addresses and its NTP modes.
enum InterfaceEdits {
    /// The interface itself, created only if absent. ietf-interfaces needs a type: a name that
    /// reads as a loopback (`lo`, `LoopBack0`) is `softwareLoopback`, any other `ethernetCsmacd`.
    static func create(_ name: String) -> String {
        let type = interfaceType(of: name)
        return "<interfaces xmlns=\"\(Namespaces.interfaces)\"><interface xmlns:nc=\"\(Namespaces.netconf)\" nc:operation=\"create\">"
            + EditXML.leaf("name", name)
            + "<type xmlns:ianaift=\"\(Namespaces.ianaIfType)\">ianaift:\(type)</type></interface></interfaces>"
    }

    static func interfaceType(of name: String) -> String {
        name.lowercased().hasPrefix("lo") ? "softwareLoopback" : "ethernetCsmacd"
    }

    /// nil when the command is not an interface command (then it is a system-view one).
    static func edit(for command: ParsedCommand, interface name: String) throws(TranslationError) -> String? {
        let undo = command.undo
        switch command.command {
        case "ip-address":
            let address = command["address"]!
            guard let length = AddressSyntax.prefixLength(ofMask: command["mask"]!) else {
                throw TranslationError("The mask is not contiguous.")
            }
            let entry = EditXML.leaf("ip", address) + (undo ? "" : EditXML.leaf("prefix-length", String(length)))
            let body = undo ? EditXML.remove("address", keys: entry) : "<address>\(entry)</address>"
            return EditXML.interface(name, "<ipv4 xmlns=\"\(Namespaces.ip)\">\(body)</ipv4>")
        case "ipv6-address":
            let address = command["address"]!
            guard AddressSyntax.isIPv6(address) else { throw TranslationError("An IPv6 address is needed.") }
            let entry = EditXML.leaf("ip", address) + (undo ? "" : EditXML.leaf("prefix-length", command["prefix-length"]!))
            let body = undo ? EditXML.remove("address", keys: entry) : "<address>\(entry)</address>"
            return EditXML.interface(name, "<ipv6 xmlns=\"\(Namespaces.ip)\">\(body)</ipv6>")
        case "broadcast-server":
            if undo { return EditXML.interfaceNTP(name, EditXML.remove("broadcast-server")) }
            let content = (command["key-id"].map { EditXML.leaf("key-id", $0) } ?? "")
                + (command["version"].map { EditXML.leaf("version", $0) } ?? "")
            return EditXML.interfaceNTP(name, EditXML.replace("broadcast-server", content))
        case "broadcast-client":
            return EditXML.interfaceNTP(name, undo ? EditXML.remove("broadcast-client") : "<broadcast-client/>")
        case "multicast-server":
            let group = EditXML.leaf("group", command["group"] ?? defaultGroup)
            if undo { return EditXML.interfaceNTP(name, EditXML.remove("multicast-server", keys: group)) }
            let content = group + (command["ttl"].map { EditXML.leaf("ttl", $0) } ?? "")
                + (command["key-id"].map { EditXML.leaf("key-id", $0) } ?? "")
                + (command["version"].map { EditXML.leaf("version", $0) } ?? "")
            return EditXML.interfaceNTP(name, EditXML.replace("multicast-server", content))
        case "multicast-client":
            let group = EditXML.leaf("group", command["group"] ?? defaultGroup)
            if undo { return EditXML.interfaceNTP(name, EditXML.remove("multicast-client", keys: group)) }
            return EditXML.interfaceNTP(name, "<multicast-client>\(group)</multicast-client>")
        case "interface-disable":
            return EditXML.interfaceNTP(name, undo ? EditXML.remove("enabled") : EditXML.leaf("enabled", "false"))
        default:
            return nil
        }
    }

    /// The NTP multicast group (RFC 5905), the guides' default.
    static let defaultGroup = "224.0.1.1"
}
