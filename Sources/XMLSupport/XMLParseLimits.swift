/// Resource limits applied while parsing one XML document.
public struct XMLParseLimits: Sendable, Equatable {
    /// The deepest element nesting accepted; the root element is at depth 1.
    public var maxDepth: Int
    /// The largest document accepted, in bytes.
    public var maxBytes: Int
    /// The most attributes one start tag may carry (namespace declarations not counted).
    public var maxAttributesPerElement: Int
    /// The most `xmlns` / `xmlns:prefix` declarations one start tag may carry.
    public var maxNamespaceDeclarationsPerElement: Int

    public init(
        maxDepth: Int = 256, maxBytes: Int = 64 * 1024 * 1024,
        maxAttributesPerElement: Int = 64, maxNamespaceDeclarationsPerElement: Int = 64
    ) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
        self.maxAttributesPerElement = max(0, maxAttributesPerElement)
        self.maxNamespaceDeclarationsPerElement = max(0, maxNamespaceDeclarationsPerElement)
    }
}
