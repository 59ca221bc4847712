/// Decides the namespace declarations and qualified names of one start tag.
///
/// Declarations the element carries are honoured first; a name whose namespace is not bound
/// in scope to its preferred prefix gets a declaration added here. Where the preferred prefix
/// is already declared on this same element for another URI, a fresh `nsN` prefix is used.
struct StartTag {
    private(set) var scope: NamespaceScope
    private(set) var declarations: [XMLNamespaceDeclaration] = []
    private var declaredHere: Set<String> = []

    init(scope: NamespaceScope) {
        self.scope = scope
    }

    mutating func declare(_ requested: [XMLNamespaceDeclaration]) {
        for declaration in requested {
            let key = declaration.prefix ?? ""
            guard key != "xml", key != "xmlns", !declaredHere.contains(key) else { continue }
            guard declaration.prefix == nil || !declaration.uri.isEmpty else { continue }
            add(declaration)
        }
    }

    mutating func qualifiedElementName(_ element: XMLElement) -> String {
        let namespace = element.namespace ?? ""
        if namespace.isEmpty {
            if scope.uri(forPrefix: nil) != "" { bindDefault(to: "") }
            return element.name
        }
        if namespace == XMLNamespaceURI.xml { return "xml:\(element.name)" }
        let prefix = element.prefix.flatMap { $0.isEmpty ? nil : $0 }
        if scope.uri(forPrefix: prefix) == namespace { return qualified(prefix, element.name) }
        if !declaredHere.contains(prefix ?? ""), prefix != "xml", prefix != "xmlns" {
            add(XMLNamespaceDeclaration(prefix: prefix, uri: namespace))
            return qualified(prefix, element.name)
        }
        return qualified(freshPrefix(for: namespace), element.name)
    }

    mutating func qualifiedAttributeName(_ attribute: XMLAttribute) -> String {
        let namespace = attribute.namespace ?? ""
        if namespace.isEmpty { return attribute.name }
        if namespace == XMLNamespaceURI.xml { return "xml:\(attribute.name)" }
        if let prefix = attribute.prefix, !prefix.isEmpty, prefix != "xml", prefix != "xmlns" {
            if scope.uri(forPrefix: prefix) == namespace { return qualified(prefix, attribute.name) }
            if !declaredHere.contains(prefix) {
                add(XMLNamespaceDeclaration(prefix: prefix, uri: namespace))
                return qualified(prefix, attribute.name)
            }
        }
        if let existing = scope.prefix(boundTo: namespace) { return qualified(existing, attribute.name) }
        return qualified(freshPrefix(for: namespace), attribute.name)
    }

    /// Makes the default namespace `uri` on this element, replacing a conflicting default
    /// declaration the element carried (the element's own namespace wins).
    private mutating func bindDefault(to uri: String) {
        if declaredHere.contains("") {
            declarations.removeAll { $0.prefix == nil }
            declaredHere.remove("")
        }
        add(XMLNamespaceDeclaration(prefix: nil, uri: uri))
    }

    private mutating func freshPrefix(for namespace: String) -> String {
        var counter = 0
        while scope.isBound("ns\(counter)") || declaredHere.contains("ns\(counter)") { counter += 1 }
        let prefix = "ns\(counter)"
        add(XMLNamespaceDeclaration(prefix: prefix, uri: namespace))
        return prefix
    }

    private mutating func add(_ declaration: XMLNamespaceDeclaration) {
        declarations.append(declaration)
        declaredHere.insert(declaration.prefix ?? "")
        scope.bind(declaration.prefix, to: declaration.uri)
    }

    private func qualified(_ prefix: String?, _ name: String) -> String {
        prefix.map { "\($0):\(name)" } ?? name
    }
}
