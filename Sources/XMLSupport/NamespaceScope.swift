/// The prefix bindings in force at one point of a document being written.
///
/// The default namespace is stored under the empty key, which no real prefix can be.
struct NamespaceScope {
    private var bindings: [String: String]

    static let root = NamespaceScope(bindings: ["xml": XMLNamespaceURI.xml])

    /// The URI bound to `prefix` (nil: the default namespace, where "" means none).
    func uri(forPrefix prefix: String?) -> String? {
        let key = prefix ?? ""
        return bindings[key] ?? (key.isEmpty ? "" : nil)
    }

    func isBound(_ prefix: String) -> Bool { bindings[prefix] != nil }

    /// Some non-default prefix bound to `uri`, preferring the shortest for stable output.
    func prefix(boundTo uri: String) -> String? {
        bindings.filter { !$0.key.isEmpty && $0.value == uri }.keys.min { ($0.count, $0) < ($1.count, $1) }
    }

    mutating func bind(_ prefix: String?, to uri: String) {
        bindings[prefix ?? ""] = uri
    }
}
