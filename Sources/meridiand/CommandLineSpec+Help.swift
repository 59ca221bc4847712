/// Usage lines and help pages, rendered from the specs: one line per option, its help
/// string and its default.
extension CommandLineSpec {
    /// `usage: meridiand user add NAME [--state-dir DIR] …` for a command,
    /// `usage: meridiand user {add|remove} ...` for a group.
    func usage(of path: [String]) -> String {
        let words = ([program] + path).joined(separator: " ")
        guard let command = command(at: path) else {
            return "usage: \(words) {\(entries(of: path).map(\.name).joined(separator: "|"))} ..."
        }
        let positionals = command.positionals.map(\.name)
        let options = command.options.filter { !$0.isHidden }.map { option in
            switch option.kind {
            case .flag: "[--\(option.name)]"
            case .single: "[--\(option.name) \(option.valueName)]"
            case .repeatable: "[--\(option.name) \(option.valueName)]..."
            }
        }
        return "usage: " + ([words] + positionals + options).joined(separator: " ")
    }

    /// Printed with a usage error: the usage line and where to find more.
    func usageReminder(of path: [String]) -> String {
        usage(of: path) + "\nSee '\(([program] + path).joined(separator: " ")) --help'."
    }

    func help(of path: [String]) -> String {
        guard let command = command(at: path) else { return groupHelp(path) }
        var sections = [command.abstract, usage(of: path)]
        let arguments = command.positionals.map { ($0.name, $0.help) }
        var options = command.options.filter { !$0.isHidden }.map { option in
            let label = option.kind == .flag ? "--\(option.name)" : "--\(option.name) \(option.valueName)"
            return (label, option.help + (option.defaultValue.map { " (default: \($0))" } ?? ""))
        }
        options.append(("-h, --help", "Show this help."))
        let width = (arguments + options).map(\.0.count).max() ?? 0
        if !arguments.isEmpty { sections.append((["arguments:"] + Self.rows(arguments, width: width)).joined(separator: "\n")) }
        sections.append((["options:"] + Self.rows(options, width: width)).joined(separator: "\n"))
        return sections.joined(separator: "\n\n") + "\n"
    }

    private func groupHelp(_ path: [String]) -> String {
        let abstract = groups.first { $0.path == path }?.abstract ?? self.abstract
        let entries = entries(of: path).map { ($0.name, $0.abstract) }
        let words = ([program] + path).joined(separator: " ")
        return [
            abstract,
            usage(of: path),
            (["commands:"] + Self.rows(entries, width: entries.map(\.0.count).max() ?? 0)).joined(separator: "\n"),
            "See '\(words) COMMAND --help' for the arguments and options of each.",
        ].joined(separator: "\n\n") + "\n"
    }

    private static func rows(_ rows: [(String, String)], width: Int) -> [String] {
        rows.map { label, text in "  " + label + String(repeating: " ", count: width - label.count) + "  " + text }
    }
}
