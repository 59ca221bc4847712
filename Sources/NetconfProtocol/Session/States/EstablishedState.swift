import NetconfModel
import XMLSupport

/// Hellos are exchanged and the base version is fixed. Each message is classified as an
/// operation to dispatch, a `<close-session>`, a message answered at once with `<rpc-error>`s,
/// or (a second `<hello>`) the end of the session.
struct EstablishedState: Sendable, Equatable {
    let baseVersion: NetconfBaseVersion
    let clientCapabilities: [String]
    let parseLimits: XMLParseLimits

    /// Classifies one message and says whether it counts as a correct `<rpc>`.
    func classify(_ message: [UInt8]) -> (PendingMessage, isCorrectRPC: Bool) {
        let root: XMLElement
        do {
            root = try XMLDocumentParser.parse(message, limits: parseLimits)
        } catch {
            return (.rejection(.init(attributes: [], namespaceDeclarations: [], errors: [unreadable(error)])), false)
        }
        if root.name == "hello" && root.namespace == NetconfNamespace.base {
            return (.terminate(.badHello("a <hello> was received after the session was established")), false)
        }
        guard root.name == "rpc" && root.namespace == NetconfNamespace.base else {
            let error = malformed("expected <rpc> in namespace \(NetconfNamespace.base), received <\(root.name)>"
                + (root.namespace.map { " in namespace \($0)" } ?? " in no namespace"))
            return (.rejection(.init(attributes: [], namespaceDeclarations: [], errors: [error])), false)
        }
        return classify(rpc: root)
    }

    private func classify(rpc: XMLElement) -> (PendingMessage, isCorrectRPC: Bool) {
        func reject(_ error: RPCError) -> (PendingMessage, isCorrectRPC: Bool) {
            (.rejection(.init(attributes: rpc.attributes, namespaceDeclarations: rpc.namespaceDeclarations,
                              errors: [error])), false)
        }
        guard let messageID = rpc.attribute(named: "message-id") else {
            return reject(.missingAttribute(attribute: "message-id", element: "rpc", type: .rpc))
        }
        let operations = rpc.childElements
        guard let operation = operations.first else {
            return reject(.missingElement(name: "rpc", type: .rpc, message: "the <rpc> element contains no operation"))
        }
        guard operations.count == 1 else {
            return reject(malformed("the <rpc> element must contain exactly one operation, found \(operations.count)"))
        }
        let request = RPCRequest(
            messageID: messageID, attributes: rpc.attributes,
            namespaceDeclarations: rpc.namespaceDeclarations, operation: operation)
        if operation.name == "close-session" && operation.namespace == NetconfNamespace.base {
            return (.closeSession(request), true)
        }
        return (.request(request), true)
    }

    /// The error for a message that is not acceptable XML.
    private func unreadable(_ error: XMLError) -> RPCError {
        switch error.code {
        case .tooLarge, .tooDeep, .tooManyAttributes, .tooManyNamespaceDeclarations:
            .tooBig(type: .rpc, message: "the message exceeds a parser limit: \(error)")
        case .malformed, .forbiddenConstruct:
            malformed("the message is not acceptable XML: \(error)")
        case .unsupportedEncoding:
            malformed("the message is not acceptable: \(error)")
        }
    }

    /// `malformed-message` exists only in base:1.1; a base:1.0 peer gets `operation-failed`
    /// (RFC 6241 Appendix A, malformed-message: "must not be sent" to base:1.0 peers).
    private func malformed(_ message: String) -> RPCError {
        switch baseVersion {
        case .base11: .malformedMessage(message)
        case .base10: .operationFailed(message, type: .rpc)
        }
    }
}
