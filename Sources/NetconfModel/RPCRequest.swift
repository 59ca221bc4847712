public import XMLSupport

/// A well-formed `<rpc>` with a message-id and exactly one operation, ready for dispatch.
public struct RPCRequest: Sendable, Equatable {
    /// The `message-id` attribute, echoed in the reply.
    public var messageID: String
    /// Every attribute of `<rpc>`, including `message-id`, in document order; all are echoed.
    public var attributes: [XMLAttribute]
    /// The `xmlns` declarations on `<rpc>`, echoed so prefixed attributes and QName values in
    /// them still resolve in the reply.
    public var namespaceDeclarations: [XMLNamespaceDeclaration]
    /// The single child element of `<rpc>`.
    public var operation: XMLElement

    public init(
        messageID: String,
        attributes: [XMLAttribute],
        namespaceDeclarations: [XMLNamespaceDeclaration] = [],
        operation: XMLElement
    ) {
        self.messageID = messageID
        self.attributes = attributes
        self.namespaceDeclarations = namespaceDeclarations
        self.operation = operation
    }

    /// The operation's local name, e.g. `get-config`.
    public var operationName: String { operation.name }

    /// The operation's namespace URI (the base namespace for the RFC 6241 operations).
    public var operationNamespace: String? { operation.namespace }
}
