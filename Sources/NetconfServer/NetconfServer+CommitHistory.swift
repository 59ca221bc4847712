public import Datastore
import NetconfModel
import XMLSupport

extension NetconfServer {
    static let commitsNamespace = "urn:meridian:params:xml:ns:yang:meridian-commits"

    /// Serves the meridian-commits RPCs on the commit history (`label-commit`, `compare`,
    /// `rollback`) from `service`. Access control applies as to every RPC (exec right on the
    /// RPC); a rollback also needs write access to what it changes in the candidate.
    public func serveCommitHistory(_ service: DatastoreService) {
        register(OperationKey(namespace: Self.commitsNamespace, name: "label-commit"), .task({ request, _ in
            do throws(RPCError) {
                let input = try CommitHistoryInput(request.operation, allowed: ["commit-id", "label", "comment"])
                let label = try input.text("label", atMost: 64)
                let comment = try input.text("comment", atMost: 255)
                return await service.labelCommit(try input.commitID(), label: label, comment: comment)
            } catch {
                return .errors([error])
            }
        }))
        register(OperationKey(namespace: Self.commitsNamespace, name: "compare"), .task({ request, context in
            do throws(RPCError) {
                let input = try CommitHistoryInput(request.operation, allowed: ["from", "to"])
                let from = try input.reference("from", default: nil)
                let to = try input.reference("to", default: .running)
                return await service.compare(from: from, to: to, rights: context.rights)
            } catch {
                return .errors([error])
            }
        }))
        register(OperationKey(namespace: Self.commitsNamespace, name: "rollback"), .task({ request, context in
            do throws(RPCError) {
                let input = try CommitHistoryInput(request.operation, allowed: ["commit-id", "commit"])
                return await service.rollback(
                    toCommit: try input.commitID(), commitNow: input.text("commit") != nil, session: context.sessionID,
                    author: context.commitAuthor, isOpen: context.isOpen, rights: context.rights)
            } catch {
                return .errors([error])
            }
        }))
    }
}

/// The input of a meridian-commits RPC: only the parameters it declares, each once.
struct CommitHistoryInput {
    let operation: XMLElement

    init(_ operation: XMLElement, allowed: Set<String>) throws(RPCError) {
        self.operation = operation
        var seen: Set<String> = []
        for child in operation.childElements {
            guard child.namespace == NetconfServer.commitsNamespace, allowed.contains(child.name) else {
                throw RPCError.unknownElement(name: child.name, type: .application, message: "<\(operation.name)> has no parameter <\(child.name)>")
            }
            guard seen.insert(child.name).inserted else {
                throw RPCError.badElement(name: child.name, type: .application, message: "<\(child.name)> is given twice")
            }
        }
    }

    func text(_ name: String) -> String? {
        operation.firstChild(named: name, namespace: NetconfServer.commitsNamespace).map { $0.textContent.trimmingXMLWhitespace() }
    }

    /// The parameter's text, refused when longer than its YANG `length`.
    func text(_ name: String, atMost limit: Int) throws(RPCError) -> String? {
        guard let value = text(name) else { return nil }
        guard value.count <= limit else {
            throw RPCError.invalidValue("<\(name)> is longer than \(limit) characters", type: .application)
        }
        return value
    }

    func commitID() throws(RPCError) -> UInt64 {
        guard let text = text("commit-id") else { throw RPCError.missingElement(name: "commit-id", type: .application) }
        do { return try CommitHistory.parseID(text) } catch { throw error.rpcError }
    }

    func reference(_ name: String, default fallback: CommitReference?) throws(RPCError) -> CommitReference {
        guard let text = text(name) else {
            if let fallback { return fallback }
            throw RPCError.missingElement(name: name, type: .application)
        }
        do { return try CommitReference.parse(text) } catch { throw error.rpcError }
    }
}
