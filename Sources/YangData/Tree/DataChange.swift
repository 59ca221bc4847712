/// One change in a `DataDiff`: the node at `path` was created, deleted or replaced (a leaf's
/// value changed, or a user-ordered entry moved). Created and deleted subtrees are one change
/// each, at their root; `node` holds the subtree.
public struct DataChange: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable {
        case create, delete, replace
    }

    public var operation: Operation
    public var path: String
    /// New value (create, replace) or removed value (delete) of a leaf or leaf-list entry.
    public var value: String?
    /// Value before a replace (`yang:orig-value`).
    public var previousValue: String?
    /// The diff node's subtree, with libyang's `yang:operation` metadata.
    public var node: DataNode
}
