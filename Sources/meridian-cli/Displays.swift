import NetconfClient
import OperatorCLI
import XMLSupport

/// The `display` commands: the data fetched with `<get>`/`<get-config>`, rendered by
/// OperatorCLI's renderers.
struct Displays {
    let agent: AgentOperations
    /// The address meridian-cli connected to: this device's first line in the trace.
    let host: String

    static let stateFilter = "<system-state xmlns=\"\(Namespaces.system)\"><ntp xmlns=\"\(Namespaces.ntp)\">"
    static let configFilter = "<system xmlns=\"\(Namespaces.system)\"/><interfaces xmlns=\"\(Namespaces.interfaces)\"/>"

    func render(_ request: DisplayRequest) throws -> String {
        switch request {
        case .status:
            return StatusRenderer.render(try agent.get(filter: Self.stateFilter + "<clock-state/></ntp></system-state>"))
        case .sessions(let verbose):
            return SessionsRenderer.render(try agent.get(filter: Self.stateFilter + "<association/></ntp></system-state>"), verbose: verbose)
        case .trace:
            return try TraceDisplay(agent: agent, host: host).render()
        case .currentConfiguration(let include):
            return ConfigurationRenderer.render(try configuration("running"), include: include)
        case .candidateConfiguration(let include):
            return ConfigurationRenderer.render(try configuration("candidate"), include: include)
        case .commitList(let verbose):
            return CommitHistoryRenderer.list(try CommitHistory(agent: agent).history(), verbose: verbose)
        case .commitChanges(let id):
            let data = try CommitHistory(agent: agent).history("<id>\(id)</id>")
            guard let text = CommitHistoryRenderer.changes(data, commitID: id) else {
                throw ShellError("commit \(id) is not in the history")
            }
            return text
        }
    }

    /// ietf-system and ietf-interfaces only (a plain server may not know meridian-ntp, and
    /// nacm is not a command's business).
    private func configuration(_ source: String) throws -> XMLElement {
        try agent.getConfig(source, filter: Self.configFilter)
    }
}
