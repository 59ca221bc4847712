/// Turns a parsed command into the action that carries it out: an edit of the candidate in
/// ietf-system, meridian-ntp and ietf-interfaces + ietf-ip terms, a view change, a commit or
/// a display. Pure: the same command always gives the same action.
public enum ConfigTranslator {
    public static func action(for command: ParsedCommand, in view: CommandView) throws(TranslationError) -> CLIAction {
        switch command.command {
        case "system-view": return .enterSystemView
        case "quit": return .quit
        case "return": return .returnToUserView
        case "commit": return .commit(label: command["label"])
        case "abort": return .discardChanges(leaveView: true)
        case "clear-candidate": return .discardChanges(leaveView: false)
        case "display-status": return .display(.status)
        case "display-sessions": return .display(.sessions(verbose: command.has("verbose")))
        case "display-trace": return .display(.trace)
        case "display-current": return .display(.currentConfiguration(include: command["include"]))
        case "display-candidate": return .display(.candidateConfiguration(include: command["include"]))
        case "display-commit-list": return .display(.commitList(verbose: command.has("verbose")))
        case "display-commit-changes": return .display(.commitChanges(commitID: UInt64(command["commit-id"]!)!))
        case "rollback-to": return .rollback(commitID: UInt64(command["commit-id"]!)!)
        case "rollback-last": return .rollbackLast(count: Int(command["count"]!)!)
        case "interface":
            let name = command["interface"]!
            if command.undo {
                return .edit(config: "<interfaces xmlns=\"\(Namespaces.interfaces)\">"
                    + EditXML.remove("interface", keys: EditXML.leaf("name", name)) + "</interfaces>")
            }
            return .enterInterface(name: name, createConfig: InterfaceEdits.create(name))
        default:
            break
        }
        if case .interface(let name) = view, let edit = try InterfaceEdits.edit(for: command, interface: name) {
            return .edit(config: edit)
        }
        return .edit(config: try SystemEdits.edit(for: command))
    }
}
