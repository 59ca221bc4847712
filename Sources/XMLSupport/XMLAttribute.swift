/// An attribute of an element, with its namespace resolved.
///
/// An unprefixed attribute is in no namespace (`namespace == nil`); the default namespace
/// never applies to attributes (Namespaces in XML 1.0, §6.2).
public struct XMLAttribute: Sendable, Equatable {
    /// The local name, without prefix.
    public var name: String
    /// The namespace URI, or nil for an unqualified attribute.
    public var namespace: String?
    /// The prefix used in the source document, kept so a reply can echo it.
    public var prefix: String?
    public var value: String

    public init(name: String, namespace: String? = nil, prefix: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.value = value
    }
}
