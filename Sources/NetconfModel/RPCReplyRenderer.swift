public import XMLSupport

/// Writes `<rpc-reply>` messages (RFC 6241 §4.2).
public enum RPCReplyRenderer {
    /// The reply to `request`, echoing all of its `<rpc>` attributes. With no request (the
    /// message could not be read as an `<rpc>`), the reply has no attributes at all.
    public static func render(_ content: RPCReplyContent, for request: RPCRequest?) -> String {
        render(content,
               echoing: request?.attributes ?? [],
               namespaceDeclarations: request?.namespaceDeclarations ?? [])
    }

    /// The reply to an `<rpc>` that could not become an ``RPCRequest`` (for example one without
    /// message-id), echoing whatever attributes it had.
    public static func render(
        _ content: RPCReplyContent,
        echoing attributes: [XMLAttribute],
        namespaceDeclarations: [XMLNamespaceDeclaration]
    ) -> String {
        // A default namespace other than base would collide with the reply's own; prefixed
        // declarations are kept so echoed prefixed attributes and QName values resolve.
        let declarations = namespaceDeclarations.filter { $0.prefix != nil || $0.uri == NetconfNamespace.base }
        var reply = XMLElement(
            name: "rpc-reply", namespace: NetconfNamespace.base,
            attributes: attributes, namespaceDeclarations: declarations)
        switch content {
        case .ok, .errors([]):
            reply.children = [.element(XMLElement(name: "ok", namespace: NetconfNamespace.base))]
        case .errors(let errors):
            reply.children = errors.map { .element($0.xmlElement) }
        case .data(let fragment):
            return XMLWriter.serialize(reply, rawContent: "<data>\(fragment)</data>")
        case .output(let fragment):
            return XMLWriter.serialize(reply, rawContent: fragment)
        }
        return XMLWriter.serialize(reply)
    }
}
