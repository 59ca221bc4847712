/// One position of a command: a keyword or an argument, with its one-line help and what may
/// follow it. The grammar of a view is a forest of these (``CommandGrammar``).
///
/// A node with a `command` may end the line: the command is complete there. A node with
/// `options` opens an option list: each option subtree may follow once, in any order, and the
/// command stays complete after each (VRP's `unicast-server 10.0.1.31 version 4 iburst`).
public struct GrammarNode: Sendable {
    public enum Token: Sendable, Equatable {
        case keyword(String)
        case argument(ArgumentType)
    }

    public let token: Token
    /// Where the parsed word is stored in ``ParsedCommand/values`` (keywords store their own text).
    public let key: String
    public let help: String
    public let children: [GrammarNode]
    /// The command this node completes, if the line may end here.
    public let command: String?
    public let options: [GrammarNode]
    /// Whether `undo` is accepted before this command (checked at the root).
    public let undoable: Bool
    /// The `undo` form may end here even without a `command` (`undo sysname`).
    public let undoEnds: Bool

    public init(
        _ token: Token, key: String? = nil, help: String, command: String? = nil, undoable: Bool = true,
        undoEnds: Bool = false, options: [GrammarNode] = [], children: [GrammarNode] = []
    ) {
        self.token = token
        switch token {
        case .keyword(let word): self.key = key ?? word
        case .argument: self.key = key ?? "value"
        }
        self.help = help
        self.children = children
        self.command = command
        self.options = options
        self.undoable = undoable
        self.undoEnds = undoEnds
    }

    public var keyword: String? {
        if case .keyword(let word) = token { word } else { nil }
    }

    /// The word shown in `?` help and completion.
    public var label: String {
        switch token {
        case .keyword(let word): word
        case .argument(let type): type.placeholder
        }
    }
}

/// Shorthands for the catalogue.
func keyword(
    _ word: String, key: String? = nil, _ help: String, command: String? = nil, undoable: Bool = true,
    undoEnds: Bool = false, options: [GrammarNode] = [], _ children: [GrammarNode] = []
) -> GrammarNode {
    GrammarNode(
        .keyword(word), key: key, help: help, command: command, undoable: undoable, undoEnds: undoEnds,
        options: options, children: children)
}

func argument(
    _ type: ArgumentType, key: String, _ help: String, command: String? = nil,
    options: [GrammarNode] = [], _ children: [GrammarNode] = []
) -> GrammarNode {
    GrammarNode(.argument(type), key: key, help: help, command: command, options: options, children: children)
}
