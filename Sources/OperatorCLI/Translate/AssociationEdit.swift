/// `ntp-service unicast-server|unicast-peer HOST [options]`: one entry of ietf-system's
/// `/system/ntp/server` list, named after its address and replaced as a whole so that the
/// command, like VRP's, sets exactly the options it lists.
enum AssociationEdit {
    static func server(_ command: ParsedCommand) -> String {
        let host = command["host"]!
        let name = EditXML.leaf("name", host)
        if command.undo { return EditXML.remove("server", keys: name) }
        let mntp = Namespaces.ntp
        var udp = EditXML.leaf("address", host)
        if let port = command["port"] { udp += EditXML.leaf("port", port) }
        var content = name + "<udp>\(udp)</udp>"
        content += EditXML.leaf("association-type", command.command == "unicast-peer" ? "peer" : "server")
        if command.has("iburst") { content += EditXML.leaf("iburst", "true") }
        if command.has("prefer") { content += EditXML.leaf("prefer", "true") }
        let extensions: [(key: String, leaf: String)] = [
            ("version", "version"), ("key-id", "key-id"), ("source-interface", "source-interface"),
            ("vpn-instance", "vpn-instance"), ("minpoll", "minpoll"), ("maxpoll", "maxpoll"),
        ]
        for (key, leaf) in extensions {
            if let value = command[key] { content += EditXML.leaf(leaf, value, namespace: mntp) }
        }
        if command.has("burst") { content += EditXML.leaf("burst", "true", namespace: mntp) }
        if command.has("preempt") { content += EditXML.leaf("preempt", "true", namespace: mntp) }
        return EditXML.replace("server", content)
    }
}
