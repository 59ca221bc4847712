import NetconfClient
import OperatorCLI
import XMLSupport

/// One CLI session: the current view, whether the candidate holds uncommitted changes, and
/// the device name for the prompt. Each line is parsed, translated and carried out over
/// NETCONF; `execute` prints what the guides print and says whether the line succeeded.
final class Shell {
    let agent: AgentOperations
    let interactive: Bool
    let host: String
    private(set) var view = CommandView.user
    /// The candidate differs from running (VRP's `*` in the prompt).
    private(set) var dirty = false
    private(set) var sysname = "meridian"
    /// Lines whose edits are not committed yet (with the interface view they were typed in),
    /// to name the command a commit error is about.
    private var uncommitted: [String] = []
    private(set) var finished = false
    /// Asks a question on the terminal; the first letter of the answer, lowercased.
    var askUncommitted: ((String) -> Character?)?

    init(session: NetconfClientSession, interactive: Bool, host: String) {
        self.agent = AgentOperations(session: session)
        self.interactive = interactive
        self.host = host
        refreshSysname()
    }

    var prompt: String {
        switch view {
        case .user: "<\(sysname)>"
        case .system: "[\(dirty ? "*" : "~")\(sysname)]"
        case .interface(let name): "[\(dirty ? "*" : "~")\(sysname)-\(TerminalText.escape(name))]"
        }
    }

    /// Runs one line; false when it failed (the error is printed).
    func execute(_ line: String) -> Bool {
        var text = line
        while text.last?.isWhitespace == true { text.removeLast() }
        if text.hasSuffix("?") {
            text.removeLast()
            print(CommandGrammar.parser(for: view).suggestions(for: text).helpText)
            return true
        }
        let parsed: ParsedCommand
        do {
            guard let command = try parse(text) else { return true }
            parsed = command
        } catch {
            // Interactive, the line is on the screen after the prompt; otherwise show it first.
            if !interactive { print(TerminalText.escape(text)) }
            print(error.rendered(promptWidth: interactive ? prompt.count : 0))
            return false
        }
        do {
            let action = try ConfigTranslator.action(for: parsed, in: view)
            try perform(action, line: text)
            return true
        } catch let error as TranslationError {
            print("Error: \(error.message)")
        } catch let error as ShellError {
            print("Error: \(error.message)")
        } catch let error as NetconfClientError {
            print(ErrorText.render(error, uncommitted: uncommitted))
        } catch {
            print("Error: \(TerminalText.escape(String(describing: error)))")
        }
        return false
    }

    /// Parses in the current view; in an interface view a system-view command is also taken
    /// (and leaves the interface view), as VRP does.
    private func parse(_ text: String) throws(ParseError) -> ParsedCommand? {
        do {
            return try CommandGrammar.parser(for: view).parse(text)
        } catch {
            guard case .interface = view, let command = try? CommandGrammar.parser(for: .system).parse(text) else { throw error }
            // `try?`: the interface view's error is the one to report when neither view takes the line.
            view = .system
            return command
        }
    }

    private func perform(_ action: CLIAction, line: String) throws {
        switch action {
        case .enterSystemView:
            guard agent.session.advertises("urn:ietf:params:netconf:capability:candidate:1.0") else {
                throw ShellError("the server has no candidate datastore (:candidate), which the system view edits")
            }
            view = .system
            dirty = try agent.candidateDiffersFromRunning()
        case .enterInterface(let name, let createConfig):
            if try agent.createIfAbsent(createConfig) {
                dirty = true
                uncommitted.append(line)
            }
            view = .interface(name)
        case .edit(let config):
            try agent.edit(config)
            dirty = true
            if case .interface(let name) = view {
                uncommitted.append("interface \(name): \(line)")
            } else {
                uncommitted.append(line)
            }
        case .commit(let label):
            try agent.commit()
            dirty = false
            uncommitted = []
            refreshSysname()
            if let label { try CommitHistory(agent: agent).labelLastCommit(label) }
        case .discardChanges(let leaveView):
            try agent.discardChanges()
            dirty = false
            uncommitted = []
            if leaveView { view = .user }
        case .quit:
            switch view {
            case .interface: view = .system
            case .system: try leaveSystemView()
            case .user: finished = true
            }
        case .returnToUserView:
            if view != .user { try leaveSystemView() }
        case .rollback(let id):
            try CommitHistory(agent: agent).rollback(to: id)
            refreshSysname()
        case .rollbackLast(let count):
            try CommitHistory(agent: agent).rollback(last: count)
            refreshSysname()
        case .display(let request):
            print(try Displays(agent: agent, host: host).render(request))
        }
    }

    /// Leaving the system view with uncommitted changes asks, on a terminal, as VRP does:
    /// Y commits, N discards, C stays. Scripts leave the candidate as it is (a later
    /// `system-view` and `commit` may follow).
    private func leaveSystemView() throws {
        if interactive, dirty, let ask = askUncommitted {
            switch ask("Warning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:") {
            case "y":
                try perform(.commit(label: nil), line: "commit")
            case "n":
                try perform(.discardChanges(leaveView: false), line: "abort")
            default:
                return
            }
        }
        view = .user
    }

    /// Discards the candidate when this session left uncommitted edits in it (a failed script).
    func discardOwnChanges() {
        guard !uncommitted.isEmpty else { return }
        do {
            try agent.discardChanges()
            uncommitted = []
            dirty = false
        } catch {
            print("Error: the uncommitted changes could not be discarded: \(TerminalText.escape(String(describing: error)))")
        }
    }

    private func refreshSysname() {
        do {
            if let name = try agent.runningHostname(), !name.isEmpty { sysname = TerminalText.escape(name) }
        } catch {
            // A server without ietf-system's hostname (or that hides it): keep the default name.
        }
    }
}
