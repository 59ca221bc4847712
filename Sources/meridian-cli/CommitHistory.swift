import NetconfClient
import OperatorCLI
import XMLSupport

/// The commit history commands over meridian-commits: labels after `commit label L`, the
/// list and changes displays, and rollback (the `rollback` RPC with `commit`, so the same
/// validation, plan and engine apply as any commit).
struct CommitHistory {
    let agent: AgentOperations
    static let namespace = CommitHistoryRenderer.namespace

    var available: Bool { agent.session.advertises(Self.namespace) }

    func requireHistory() throws {
        guard available else { throw ShellError("the server keeps no commit history (meridian-commits)") }
    }

    func history(_ inner: String = "") throws -> XMLElement {
        try requireHistory()
        return try agent.get(filter: "<commits xmlns=\"\(Self.namespace)\"><commit>\(inner)</commit></commits>")
    }

    /// Labels the newest commit of this session.
    func labelLastCommit(_ label: String) throws {
        try requireHistory()
        let data = try history("<id/><session-id/>")
        let mine = data.firstChild(named: "commits", namespace: Self.namespace)?.children(named: "commit", namespace: Self.namespace)
            .filter { $0.firstChild(named: "session-id", namespace: Self.namespace)?.textContent == agent.session.sessionID }
            .compactMap { $0.firstChild(named: "id", namespace: Self.namespace).flatMap { UInt64($0.textContent) } }
            .max()
        guard let id = mine else { throw ShellError("the commit is not in the history, so it cannot be labelled") }
        try agent.session.rpc("<label-commit xmlns=\"\(Self.namespace)\"><commit-id>\(id)</commit-id>"
            + "<label>\(XMLWriter.escapeText(label))</label></label-commit>")
    }

    func rollback(to id: UInt64) throws {
        try requireHistory()
        try agent.session.rpc("<rollback xmlns=\"\(Self.namespace)\"><commit-id>\(id)</commit-id><commit/></rollback>")
    }

    /// The configuration before the last `count` commits: the commit `count` places below the newest.
    func rollback(last count: Int) throws {
        let ids = CommitHistoryRenderer.ids(try history("<id/>"))
        guard count < ids.count else {
            throw ShellError("the history holds \(ids.count) commits: there is no configuration before the last \(count)")
        }
        try rollback(to: ids[count])
    }
}
