/// Edits made in the system view: host name, NTP servers and peers, and the global NTP
/// settings of meridian-ntp.
enum SystemEdits {
    static func edit(for command: ParsedCommand) throws(TranslationError) -> String {
        let undo = command.undo
        let mntp = Namespaces.ntp
        switch command.command {
        case "sysname":
            let system = undo ? EditXML.remove("hostname") : EditXML.leaf("hostname", command["name"]!)
            return "<system xmlns=\"\(Namespaces.system)\">\(system)</system>"
        case "unicast-server", "unicast-peer":
            return EditXML.ntp(AssociationEdit.server(command))
        case "refclock-master":
            if undo { return EditXML.ntp(EditXML.remove("refclock-master", namespace: mntp)) }
            let stratum = command["stratum"].map { EditXML.leaf("stratum", $0) } ?? ""
            return EditXML.ntp(EditXML.replace("refclock-master", namespace: mntp, stratum))
        case "source-interface", "ipv6-source-interface":
            let leaf = command.command
            return EditXML.ntp(undo ? EditXML.remove(leaf, namespace: mntp) : EditXML.leaf(leaf, command["interface"]!, namespace: mntp))
        case "listen-interface":
            let value = command["interface"]!
            if undo {
                return EditXML.ntp("<listen-interface xmlns=\"\(mntp)\" xmlns:nc=\"\(Namespaces.netconf)\" nc:operation=\"remove\">"
                    + "\(EditXML.escape(value))</listen-interface>")
            }
            return EditXML.ntp(EditXML.leaf("listen-interface", value, namespace: mntp))
        case "server-disable":
            return EditXML.ntp(undo ? EditXML.remove("server-enabled", namespace: mntp) : EditXML.leaf("server-enabled", "false", namespace: mntp))
        case "ntp-enable":
            return EditXML.ntp(undo ? EditXML.leaf("enabled", "false") : EditXML.leaf("enabled", "true"))
        case "authentication-enable":
            let enabled = undo ? EditXML.remove("enabled") : EditXML.leaf("enabled", "true")
            return EditXML.ntp("<authentication xmlns=\"\(mntp)\">\(enabled)</authentication>")
        case "authentication-key", "authentication-key-undo":
            return EditXML.ntp("<authentication xmlns=\"\(mntp)\">\(try KeyEdit.key(command))</authentication>")
        case "reliable-key":
            let key = EditXML.leaf("key-id", command["key-id"]!)
            let trusted = undo ? EditXML.remove("trusted") : EditXML.leaf("trusted", "true")
            return EditXML.ntp("<authentication xmlns=\"\(mntp)\"><key>\(key)\(trusted)</key></authentication>")
        case "access":
            let mode = EditXML.leaf("mode", command["mode"]!)
            guard let prefix = command["prefix"] else {
                guard undo else { throw TranslationError("Incomplete command: a source prefix is needed.") }
                return EditXML.ntp(EditXML.remove("access-rule", namespace: mntp, keys: mode))
            }
            let value = undo
                ? "<prefix xmlns:nc=\"\(Namespaces.netconf)\" nc:operation=\"remove\">\(EditXML.escape(prefix))</prefix>"
                : EditXML.leaf("prefix", prefix)
            return EditXML.ntp("<access-rule xmlns=\"\(mntp)\">\(mode)\(value)</access-rule>")
        case "access-limited":
            if undo { return EditXML.ntp(EditXML.remove("rate-limit", namespace: mntp)) }
            let content = (command["average-interval"].map { EditXML.leaf("average-interval", $0) } ?? "")
                + (command["burst"].map { EditXML.leaf("burst", $0) } ?? "")
            return EditXML.ntp(EditXML.replace("rate-limit", namespace: mntp, content))
        case "max-dynamic-sessions":
            let leaf = "max-dynamic-associations"
            return EditXML.ntp(undo ? EditXML.remove(leaf, namespace: mntp) : EditXML.leaf(leaf, command["count"]!, namespace: mntp))
        case "unsync-max-poll", "max-poll-interval":
            if undo { return EditXML.ntp(EditXML.remove("unsync-max-poll", namespace: mntp)) }
            let content = EditXML.leaf("poll-interval", command["poll-interval"]!) + EditXML.leaf("dec-step", command["dec-step"]!)
            return EditXML.ntp(EditXML.replace("unsync-max-poll", namespace: mntp, content))
        default:
            throw TranslationError("The command is not available in this view.")
        }
    }
}
