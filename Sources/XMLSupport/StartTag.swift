/// Decides the namespace declarations and qualified names of one start tag.
///
/// Declarations the element carries are honoured first. A name whose namespace is not bound to
/// its preferred prefix gets a declaration here, unless that prefix is already declared on this
/// tag or relied on by a name written earlier in it; then a fresh `nsN` prefix is used. So a
/// binding, once a name on the tag uses it, never changes within the tag.
struct StartTag {
    private(set) var scope: NamespaceScope
    private(set) var declarations: [XMLNamespaceDeclaration] = []
    /// Prefixes (the default namespace as "") declared on this tag or used by one of its names.
    private var fixed: Set<String> = []

    init(scope: NamespaceScope) {
        self.scope = scope
    }

    mutating func declare(_ requested: [XMLNamespaceDeclaration]) {
        for declaration in requested {
            let key = declaration.prefix ?? ""
            guard !Self.isReserved(key), !fixed.contains(key) else { continue }
            guard declaration.prefix == nil || !declaration.uri.isEmpty else { continue }
            add(declaration)
        }
    }

    mutating func qualifiedElementName(_ element: XMLElement) -> String {
        let namespace = element.namespace ?? ""
        if namespace.isEmpty {
            if scope.uri(forPrefix: nil) != "" { bindDefault(to: "") }
            fixed.insert("")
            return element.name
        }
        if namespace == XMLNamespaceURI.xml { return "xml:\(element.name)" }
        let prefix = element.prefix.flatMap { $0.isEmpty || Self.isReserved($0) ? nil : $0 }
        return qualified(bind(prefix, to: namespace) ?? freshPrefix(for: namespace), element.name)
    }

    mutating func qualifiedAttributeName(_ attribute: XMLAttribute) -> String {
        let namespace = attribute.namespace ?? ""
        if namespace.isEmpty { return attribute.name }
        if namespace == XMLNamespaceURI.xml { return "xml:\(attribute.name)" }
        if let prefix = attribute.prefix, !prefix.isEmpty, !Self.isReserved(prefix),
           let bound = bind(prefix, to: namespace) {
            return qualified(bound, attribute.name)
        }
        if let existing = scope.prefix(boundTo: namespace) {
            fixed.insert(existing)
            return qualified(existing, attribute.name)
        }
        return qualified(freshPrefix(for: namespace), attribute.name)
    }

    /// Uses `prefix` (nil: the default namespace) for `namespace` if it is bound to it already or
    /// can still be declared here; returns nil when the prefix is taken for another URI.
    private mutating func bind(_ prefix: String?, to namespace: String) -> String?? {
        let key = prefix ?? ""
        if scope.uri(forPrefix: prefix) == namespace {
            fixed.insert(key)
            return .some(prefix)
        }
        guard !fixed.contains(key) else { return nil }
        add(XMLNamespaceDeclaration(prefix: prefix, uri: namespace))
        return .some(prefix)
    }

    /// Makes the default namespace empty on this element, replacing a default declaration the
    /// element carried (an unqualified element name must be in no namespace).
    private mutating func bindDefault(to uri: String) {
        declarations.removeAll { $0.prefix == nil }
        add(XMLNamespaceDeclaration(prefix: nil, uri: uri))
    }

    private mutating func freshPrefix(for namespace: String) -> String {
        var counter = 0
        while scope.isBound("ns\(counter)") || fixed.contains("ns\(counter)") { counter += 1 }
        let prefix = "ns\(counter)"
        add(XMLNamespaceDeclaration(prefix: prefix, uri: namespace))
        return prefix
    }

    private mutating func add(_ declaration: XMLNamespaceDeclaration) {
        declarations.append(declaration)
        fixed.insert(declaration.prefix ?? "")
        scope.bind(declaration.prefix, to: declaration.uri)
    }

    private func qualified(_ prefix: String?, _ name: String) -> String {
        prefix.map { "\($0):\(name)" } ?? name
    }

    private static func isReserved(_ prefix: String) -> Bool {
        prefix == "xml" || prefix == "xmlns"
    }
}
