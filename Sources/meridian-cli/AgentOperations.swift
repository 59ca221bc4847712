import NetconfClient
import OperatorCLI
import XMLSupport

/// The NETCONF operations the commands use, on the candidate datastore.
struct AgentOperations {
    let session: NetconfClientSession

    func edit(_ config: String) throws {
        try session.rpc("<edit-config><target><candidate/></target><config>\(config)</config></edit-config>")
    }

    /// An edit whose only `create` may find the node there already; true when it created it.
    func createIfAbsent(_ config: String) throws -> Bool {
        do {
            try edit(config)
            return true
        } catch NetconfClientError.rpcErrors(let errors) where errors.allSatisfy({ $0.tag == "data-exists" }) {
            return false
        }
    }

    func commit() throws { try session.rpc("<commit/>") }

    func discardChanges() throws { try session.rpc("<discard-changes/>") }

    func getConfig(_ source: String, filter: String? = nil) throws -> XMLElement {
        let filterXML = filter.map { "<filter type=\"subtree\">\($0)</filter>" } ?? ""
        return try session.data("<get-config><source><\(source)/></source>\(filterXML)</get-config>")
    }

    func get(filter: String) throws -> XMLElement {
        try session.data("<get><filter type=\"subtree\">\(filter)</filter></get>")
    }

    func candidateDiffersFromRunning() throws -> Bool {
        let running = try getConfig("running")
        let candidate = try getConfig("candidate")
        return XMLWriter.serialize(running) != XMLWriter.serialize(candidate)
    }

    func runningHostname() throws -> String? {
        let data = try getConfig("running", filter: "<system xmlns=\"\(Namespaces.system)\"><hostname/></system>")
        return data.firstChild(named: "system", namespace: Namespaces.system)?
            .firstChild(named: "hostname", namespace: Namespaces.system)?.textContent
    }
}
