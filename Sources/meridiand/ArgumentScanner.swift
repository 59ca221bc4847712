/// Sorts the arguments after a command's name into its options and positional arguments.
///
/// `--name value` and `--name=value` both set an option; a following argument that looks
/// like an option is never taken as a value (write `--name=-x` for that), but a negative
/// number is. `--` ends the options; options and positionals may come in any order.
enum ArgumentScanner {
    static func scan(_ arguments: [String], for command: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(command: command)
        var words = arguments[...]
        var optionsEnded = false
        while let word = words.popFirst() {
            if optionsEnded || !looksLikeOption(word) {
                parsed.positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else {
                try scanOption(word, from: &words, into: &parsed)
            }
        }
        let expected = command.positionals
        if parsed.positionals.count < expected.count {
            throw UsageError("missing argument \(expected[parsed.positionals.count].name)")
        }
        if parsed.positionals.count > expected.count {
            throw UsageError("unexpected argument '\(parsed.positionals[expected.count])'")
        }
        return parsed
    }

    /// `-x`, `--name`, `--name=value` and `--`; not `-` alone nor a negative number such as `-1`.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), let second = word.dropFirst().first else { return false }
        return !second.isNumber
    }

    static func isHelpFlag(_ word: String) -> Bool { word == "--help" || word == "-h" }

    private static func scanOption(
        _ word: String, from words: inout ArraySlice<String>, into parsed: inout ParsedArguments
    ) throws(UsageError) {
        guard word.hasPrefix("--") else { throw UsageError("unknown option '\(word)'") }
        let body = word.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inlineValue = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
        guard let option = parsed.command.option(named: name) else { throw UsageError("unknown option '--\(name)'") }
        switch option.kind {
        case .flag:
            guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
            parsed.record("", for: option)
        case .single, .repeatable:
            if let inlineValue {
                parsed.record(inlineValue, for: option)
            } else if let next = words.first, !looksLikeOption(next) {
                parsed.record(next, for: option)
                words.removeFirst()
            } else {
                throw UsageError("missing value for --\(name) \(option.valueName)")
            }
        }
    }
}
