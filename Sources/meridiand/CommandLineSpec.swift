/// A program's whole command line: its commands, each named by one or more words, the
/// groups those words form (`user` for `user add` and `user remove`), and how the
/// arguments after the program name select a command, or its help.
struct CommandLineSpec: Equatable, Sendable {
    let program: String
    /// Of the program, which is the root group.
    let abstract: String
    let groups: [CommandGroup]
    let commands: [CommandSpec]

    /// What a command line asks for.
    enum Request: Equatable {
        /// The help of the command or group at that path.
        case help([String])
        case run(ParsedArguments)
        /// Bad input; the path names the command or group whose usage to show.
        case usageError([String], UsageError)
    }

    /// `--help` or `-h` before `--` asks for the help of the command or group named so far;
    /// so does `help` followed by the words naming one.
    func parse(_ arguments: [String]) -> Request {
        var path: [String] = []
        var words = arguments[...]
        while true {
            if let command = command(at: path) { return request(for: command, Array(words)) }
            guard let word = words.popFirst() else {
                return .usageError(path, UsageError(path.isEmpty ? "missing command" : "missing command after '\(path.joined(separator: " "))'"))
            }
            if ArgumentScanner.isHelpFlag(word) { return .help(path) }
            if word == "help" { return helpRequest(words, from: path) }
            guard let next = child(word, of: path) else {
                let problem = ArgumentScanner.looksLikeOption(word) ? "unknown option '\(word)'" : "unknown command '\((path + [word]).joined(separator: " "))'"
                return .usageError(path, UsageError(problem))
            }
            path = next
        }
    }

    func command(at path: [String]) -> CommandSpec? { commands.first { $0.path == path } }

    func isGroup(_ path: [String]) -> Bool { path.isEmpty || groups.contains { $0.path == path } }

    /// The words one level below a group, with what each does, in the order the commands are declared.
    func entries(of group: [String]) -> [(name: String, abstract: String)] {
        var entries: [(name: String, abstract: String)] = []
        for command in commands where command.path.count > group.count && command.path.starts(with: group) {
            let name = command.path[group.count]
            guard !entries.contains(where: { $0.name == name }) else { continue }
            let subgroup = groups.first { $0.path == group + [name] }
            entries.append((name, subgroup?.abstract ?? command.abstract))
        }
        return entries
    }

    private func child(_ word: String, of path: [String]) -> [String]? {
        let next = path + [word]
        return isGroup(next) || command(at: next) != nil ? next : nil
    }

    private func request(for command: CommandSpec, _ arguments: [String]) -> Request {
        if arguments.prefix(while: { $0 != "--" }).contains(where: ArgumentScanner.isHelpFlag) { return .help(command.path) }
        do { return .run(try ArgumentScanner.scan(arguments, for: command)) } catch { return .usageError(command.path, error) }
    }

    private func helpRequest(_ words: ArraySlice<String>, from path: [String]) -> Request {
        var target = path
        for word in words {
            guard command(at: target) == nil, let next = child(word, of: target) else {
                return .usageError(path, UsageError("no help for '\((target + [word]).joined(separator: " "))'"))
            }
            target = next
        }
        return .help(target)
    }
}

/// Words that name a set of commands rather than one, such as `user`.
struct CommandGroup: Equatable, Sendable {
    let path: [String]
    let abstract: String
}
