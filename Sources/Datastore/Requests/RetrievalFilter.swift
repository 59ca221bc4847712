import XMLSupport

/// The `<filter>` of `<get>` and `<get-config>` (RFC 6241 §6, and §8.9 for XPath).
public enum RetrievalFilter: Sendable, Equatable {
    case subtree(SubtreeFilter)
    /// An XPath 1.0 expression with the prefixes in scope on the `<filter>` element.
    case xpath(String, namespaces: [String: String])
}
