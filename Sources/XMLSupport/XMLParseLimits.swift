/// Resource limits applied while parsing one XML document.
public struct XMLParseLimits: Sendable, Equatable {
    /// The deepest element nesting accepted; the root element is at depth 1.
    public var maxDepth: Int
    /// The largest document accepted, in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 256, maxBytes: Int = 64 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }
}
