/// An XML element as a Swift value: names are resolved to namespace URIs, and no libxml2
/// object is referenced, so an element can cross actors freely.
public struct XMLElement: Sendable, Equatable {
    /// The local name, without prefix.
    public var name: String
    /// The namespace URI, or nil when the element is in no namespace.
    public var namespace: String?
    /// The prefix used in the source document (nil for the default namespace).
    ///
    /// ``XMLWriter`` keeps it where it can and declares it where it must.
    public var prefix: String?
    /// Attributes in document order; namespace declarations are not attributes.
    public var attributes: [XMLAttribute]
    /// The `xmlns` declarations written on this element, in document order.
    public var namespaceDeclarations: [XMLNamespaceDeclaration]
    public var children: [XMLNode]

    public init(
        name: String,
        namespace: String? = nil,
        prefix: String? = nil,
        attributes: [XMLAttribute] = [],
        namespaceDeclarations: [XMLNamespaceDeclaration] = [],
        children: [XMLNode] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.namespaceDeclarations = namespaceDeclarations
        self.children = children
    }
}
