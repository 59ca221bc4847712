public import YangData

/// One change of a commit, as the history shows it: a YANG-patch-like edit of one node
/// (RFC 8072 `edit`: operation and target), with the leaf's value. Created and deleted
/// subtrees are shown leaf by leaf; a secret leaf (`nacm:default-deny-all`) is shown
/// without its value.
public struct CommitEdit: Sendable, Hashable {
    /// create, delete or replace, as in libyang's diff.
    public typealias Operation = DataChange.Operation

    public var operation: Operation
    /// The data path of the node (libyang's form, module-name prefixes).
    public var target: String
    /// The leaf's new value (create, replace) or removed value (delete); nil for a node
    /// without a value or a secret.
    public var value: String?
    /// A replaced leaf's value before the commit (nil for a secret).
    public var previousValue: String?

    public init(operation: Operation, target: String, value: String? = nil, previousValue: String? = nil) {
        self.operation = operation
        self.target = target
        self.value = value
        self.previousValue = previousValue
    }
}
