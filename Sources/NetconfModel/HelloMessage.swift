public import XMLSupport

/// The `<hello>` exchange of RFC 6241 §8.1.
public enum HelloMessage {
    /// The server's `<hello>`: its capabilities and the session-id it assigned.
    public static func server(sessionID: SessionID, capabilities: [String]) -> String {
        let capabilityElements = capabilities.map { uri -> XMLNode in
            .element(XMLElement(name: "capability", namespace: NetconfNamespace.base, children: [.text(uri)]))
        }
        let hello = XMLElement(
            name: "hello", namespace: NetconfNamespace.base,
            children: [
                .element(XMLElement(name: "capabilities", namespace: NetconfNamespace.base, children: capabilityElements)),
                .element(XMLElement(name: "session-id", namespace: NetconfNamespace.base,
                                    children: [.text(String(sessionID.rawValue))])),
            ])
        return XMLWriter.serialize(hello)
    }

    /// Reads a client's `<hello>`. Elements other than `<capabilities>` and `<session-id>` are
    /// ignored, as extensions may add them.
    public static func parseClient(_ root: XMLElement) throws(HelloError) -> ClientHello {
        guard root.name == "hello", root.namespace == NetconfNamespace.base else {
            throw HelloError(code: .notHello, message: "expected <hello> in \(NetconfNamespace.base), received <\(root.name)>")
        }
        guard root.firstChild(named: "session-id", namespace: NetconfNamespace.base) == nil else {
            throw HelloError(code: .containsSessionID, message: "a client <hello> must not contain <session-id>")
        }
        guard let list = root.firstChild(named: "capabilities", namespace: NetconfNamespace.base) else {
            throw HelloError(code: .missingCapabilities, message: "the client <hello> has no <capabilities>")
        }
        var capabilities: [String] = []
        for element in list.children(named: "capability", namespace: NetconfNamespace.base) {
            let uri = element.textContent.trimmingXMLWhitespace()
            guard !uri.isEmpty else {
                throw HelloError(code: .emptyCapability, message: "the client <hello> has an empty <capability>")
            }
            capabilities.append(uri)
        }
        return ClientHello(capabilities: capabilities)
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
