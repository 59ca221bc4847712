/// Something that contributes operational (`config false`) data to `<get>`: NETCONF
/// sessions and statistics, the NTP engine (#5), OS interfaces.
public protocol StateSource: Sendable {
    /// State data as XML top-level elements, each declaring its namespace.
    func stateXML() async -> String
    /// The top-level elements the source produces (name, namespace), so that a `<get>`
    /// whose subtree filter names none of them does not compute this source at all.
    var topLevelElements: [(name: String, namespace: String)] { get }
}

/// Whether a subtree filter whose top-level elements are `roots` (nil: no subtree filter,
/// everything) can select data with these top-level `elements`. A filter element without
/// namespace matches any namespace (RFC 6241 §6.2.1).
func filterSelects(_ roots: [(name: String, namespace: String?)]?, _ elements: [(name: String, namespace: String)]) -> Bool {
    guard let roots else { return true }
    return roots.contains { root in
        elements.contains { $0.name == root.name && (root.namespace == nil || root.namespace == $0.namespace) }
    }
}
