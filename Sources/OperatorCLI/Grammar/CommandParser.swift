/// Matches command lines against a view's grammar: keywords may be abbreviated to any prefix
/// that no other keyword at that position shares (an exact match always wins), arguments are
/// checked against their type, and `undo` may precede an undoable command.
public struct CommandParser: Sendable {
    public let roots: [GrammarNode]

    public init(roots: [GrammarNode]) {
        self.roots = roots
    }

    /// The command on `line`, or nil for a blank line or a `#` comment line.
    public func parse(_ line: String) throws(ParseError) -> ParsedCommand? {
        let words = CommandWords(line)
        guard let first = words.words.first, !first.text.hasPrefix("#") else { return nil }
        var walk = try walk(words, upTo: words.words.count)
        if walk.consumedRest == false, let next = words.words.dropFirst(walk.wordCount).first {
            throw ParseError(.tooManyParameters, column: next.column)
        }
        guard let command = walk.completedCommand else {
            throw ParseError(.incomplete, column: words.words.last.map { $0.column } ?? 0)
        }
        walk.result.command = command
        return walk.result
    }

    /// What may follow the words before the cursor: for `?` help and tab completion.
    public func suggestions(for line: String) -> Suggestions {
        let words = CommandWords(line)
        let complete = words.endsWithSpace ? words.words.count : max(words.words.count - 1, 0)
        let partial = words.endsWithSpace ? "" : (words.words.last?.text ?? "")
        do {
            let walk = try walk(words, upTo: complete)
            if walk.consumedRest { return Suggestions(nodes: [], canEnd: true, partial: partial) }
            let nodes = walk.candidates.filter { node in
                guard let keyword = node.keyword else { return partial.isEmpty || Self.argumentMatches(node, partial) }
                return keyword.hasPrefix(partial.lowercased())
            }
            return Suggestions(nodes: nodes, canEnd: partial.isEmpty && walk.completedCommand != nil, partial: partial)
        } catch {
            return Suggestions(nodes: [], canEnd: false, partial: partial)
        }
    }

    private static func argumentMatches(_ node: GrammarNode, _ partial: String) -> Bool {
        if case .argument(let type) = node.token { return type.accepts(partial) || type == .host || type == .text }
        return false
    }

    /// Walks the first `count` words.
    func walk(_ words: CommandWords, upTo count: Int) throws(ParseError) -> Walk {
        var walk = Walk(roots: roots)
        for (index, word) in words.words.prefix(count).enumerated() {
            if index == 0, walk.acceptsUndo(word.text) {
                walk.beginUndo()
                continue
            }
            let node = try Self.match(word, among: walk.candidates)
            if case .argument(.text) = node.token {
                walk.take(node, value: words.rest(from: word.column))
                walk.consumedRest = true
                break
            }
            walk.take(node, value: node.keyword ?? word.text)
        }
        return walk
    }

    static func match(_ word: CommandWords.Word, among candidates: [GrammarNode]) throws(ParseError) -> GrammarNode {
        let text = word.text.lowercased()
        let keywords = candidates.filter { $0.keyword != nil }
        if let exact = keywords.first(where: { $0.keyword == text }) { return exact }
        let prefixed = keywords.filter { $0.keyword!.hasPrefix(text) }
        if prefixed.count > 1 { throw ParseError(.ambiguous, column: word.column) }
        if let only = prefixed.first { return only }
        let arguments = candidates.filter { $0.keyword == nil }
        for node in arguments {
            if case .argument(let type) = node.token, type.accepts(word.text) { return node }
        }
        throw ParseError(arguments.isEmpty ? .unrecognized : .wrongParameter, column: word.column)
    }
}

/// What `?` and tab offer after a prefix of a line.
public struct Suggestions: Sendable {
    public var nodes: [GrammarNode]
    /// The line is a complete command already (`<cr>` in VRP's help).
    public var canEnd: Bool
    /// The partial last word being completed ("" after a space).
    public var partial: String

    /// Keywords that complete the partial word, for tab completion.
    public var completions: [String] { nodes.compactMap(\.keyword) }

    /// VRP's help listing: one line per possible next word with its description.
    public var helpText: String {
        let width = max(nodes.map(\.label.count).max() ?? 0, 4) + 2
        var lines = nodes.map { "  " + $0.label.padding(to: width) + $0.help }
        if canEnd { lines.append("  <cr>") }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
