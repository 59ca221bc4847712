/// The parser's position after some words: the node last matched, the option list it is in,
/// and the values collected so far.
struct Walk {
    private struct OptionScope {
        var options: [GrammarNode]
        var used: Set<Int>
        var command: String?
    }

    private let roots: [GrammarNode]
    private var current: GrammarNode?
    private var scope: OptionScope?
    var result = ParsedCommand(command: "")
    var wordCount = 0
    var consumedRest = false

    init(roots: [GrammarNode]) {
        self.roots = roots
    }

    /// `undo` as the first word (abbreviated to at least `un`, as VRP allows).
    func acceptsUndo(_ word: String) -> Bool {
        current == nil && !result.undo && word.count >= 2 && "undo".hasPrefix(word.lowercased())
    }

    mutating func beginUndo() {
        result.undo = true
        wordCount += 1
    }

    /// The nodes the next word may match.
    var candidates: [GrammarNode] {
        guard let current else { return result.undo ? roots.filter(\.undoable) : roots }
        var next = current.children
        if let scope, current.children.isEmpty || current.command != nil {
            next += scope.options.enumerated().filter { !scope.used.contains($0.offset) }.map(\.element)
        }
        return next
    }

    mutating func take(_ node: GrammarNode, value: String) {
        if let scope, let index = scope.options.firstIndex(where: { $0.key == node.key && $0.label == node.label }) {
            self.scope?.used.insert(index)
        }
        if !node.options.isEmpty {
            scope = OptionScope(options: node.options, used: [], command: node.command)
        }
        result.values[node.key] = value
        current = node
        wordCount += 1
    }

    /// The command the words so far complete, if any.
    var completedCommand: String? {
        guard let current else { return nil }
        if let command = current.command { return command }
        if let scope, current.children.isEmpty { return scope.command }
        if result.undo, current.undoEnds { return current.key }
        return nil
    }
}
