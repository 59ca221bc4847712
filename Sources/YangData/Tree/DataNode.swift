/// A value snapshot of one data node and its subtree, for tests, for walking an edit and for
/// code that must not touch libyang (everything here is `Sendable`).
public struct DataNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case container, list, leaf, leafList, anydata
        /// A node libyang kept without a schema match: in an edit, a leaf to delete or remove
        /// whose value is empty or not valid for its type.
        case opaque
    }

    /// A metadata instance (`nc:operation`, `yang:insert`, `wd:default`, `yang:operation` in a
    /// diff...) or, on an opaque node, an XML attribute.
    public struct Metadata: Sendable, Hashable {
        /// Module name of the annotation; `nil` for an attribute of an opaque node.
        public var module: String?
        /// Namespace of the annotation's module or of the attribute.
        public var namespace: String?
        public var name: String
        public var value: String
    }

    public var name: String
    /// Name of the module defining the node (for opaque nodes, resolved from the namespace if
    /// an implemented module has it).
    public var module: String
    public var namespace: String
    public var kind: Kind
    /// Canonical value of a leaf or leaf-list entry; original text of an opaque node.
    public var value: String?
    /// An implicit default node (added by validation or for with-defaults printing).
    public var isDefault: Bool
    /// Data path with module-name prefixes, as libyang prints it.
    public var path: String
    public var metadata: [Metadata]
    public var children: [DataNode]

    /// The `nc:operation` given on this node in an edit, if any.
    public var editOperation: EditOperation? {
        let operation = metadata.first {
            $0.name == "operation"
                && ($0.module == "ietf-netconf" || $0.namespace == "urn:ietf:params:xml:ns:netconf:base:1.0")
        }
        return operation.flatMap { EditOperation(rawValue: $0.value) }
    }

    /// The first child with this name (and module, when given).
    public func child(_ name: String, module: String? = nil) -> DataNode? {
        children.first { $0.name == name && (module == nil || $0.module == module) }
    }

    /// The node reached by following child names, e.g. `node["ntp", "server"]`.
    public subscript(_ names: String...) -> DataNode? {
        var node: DataNode? = self
        for name in names { node = node?.child(name) }
        return node
    }
}
