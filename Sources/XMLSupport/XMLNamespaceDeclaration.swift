/// An `xmlns` or `xmlns:prefix` declaration written on an element.
public struct XMLNamespaceDeclaration: Sendable, Equatable, Hashable {
    /// The declared prefix, or nil for the default namespace (`xmlns="…"`).
    public var prefix: String?
    /// The namespace URI. An empty URI on a default declaration undeclares the default namespace.
    public var uri: String

    public init(prefix: String?, uri: String) {
        self.prefix = prefix
        self.uri = uri
    }
}
