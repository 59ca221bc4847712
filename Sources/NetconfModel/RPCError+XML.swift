public import XMLSupport

extension RPCError {
    /// The `<rpc-error>` element, children in the order of RFC 6241 §4.3.
    public var xmlElement: XMLElement {
        var children: [XMLNode] = [
            .element(.base("error-type", type.rawValue)),
            .element(.base("error-tag", tag.rawValue)),
            .element(.base("error-severity", severity.rawValue)),
        ]
        if let appTag { children.append(.element(.base("error-app-tag", appTag))) }
        if let path {
            var pathElement = XMLElement.base("error-path", path)
            pathElement.namespaceDeclarations = pathNamespaces
            children.append(.element(pathElement))
        }
        if let message {
            var messageElement = XMLElement.base("error-message", message)
            messageElement.attributes = [
                XMLAttribute(name: "lang", namespace: XMLNamespaceURI.xml, prefix: "xml", value: "en")
            ]
            children.append(.element(messageElement))
        }
        if !info.isEmpty {
            children.append(.element(XMLElement(
                name: "error-info", namespace: NetconfNamespace.base, children: info.map { .element($0) })))
        }
        return XMLElement(name: "rpc-error", namespace: NetconfNamespace.base, children: children)
    }
}

extension XMLElement {
    fileprivate static func base(_ name: String, _ text: String) -> XMLElement {
        XMLElement(name: name, namespace: NetconfNamespace.base, children: text.isEmpty ? [] : [.text(text)])
    }
}
