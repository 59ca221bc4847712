internal import CLibYang

/// A libyang data tree: the top-level siblings of one datastore, an edit or a diff.
///
/// Mutable and not `Sendable`: it belongs to exactly one actor (the datastore). It retains its
/// `YangContext`, so the schema outlives the data. Copies are explicit (`duplicate()`).
public final class DataTree {
    public let context: YangContext
    /// The first top-level sibling, or `nil` for an empty tree. Owned: freed in `deinit`.
    var first: UnsafeMutablePointer<lyd_node>?

    /// An empty tree.
    public init(context: YangContext) {
        self.context = context
        self.first = nil
    }

    /// Takes ownership of `siblings` (any node of the top-level sibling list).
    init(context: YangContext, adopting siblings: UnsafeMutablePointer<lyd_node>?) {
        self.context = context
        self.first = siblings.map { lyd_first_sibling($0) }
    }

    deinit {
        if let first { lyd_free_all(first) }
    }

    public var isEmpty: Bool { first == nil }

    /// A deep, independent copy (`lyd_dup_siblings`, recursive, node flags kept).
    public func duplicate() -> DataTree {
        guard let first else { return DataTree(context: context) }
        var copy: UnsafeMutablePointer<lyd_node>?
        let status = lyd_dup_siblings(first, nil, UInt32(LYD_DUP_RECURSIVE | LYD_DUP_WITH_FLAGS), &copy)
        precondition(status == LY_SUCCESS, "libyang could not duplicate a data tree (out of memory)")
        return DataTree(context: context, adopting: copy)
    }

    /// Unlinks and frees `node` (with its subtree), keeping `first` valid.
    func free(_ node: UnsafeMutablePointer<lyd_node>) {
        if node == first {
            first = node.pointee.next
        }
        lyd_free_tree(node)
        if let first { self.first = lyd_first_sibling(first) }
    }

    /// Re-reads the first top-level sibling after a libyang call that may have reordered
    /// top-level nodes; `node` may be any node of the tree, at any depth.
    func refreshFirst(from node: UnsafeMutablePointer<lyd_node>?) {
        guard var top = node ?? first else {
            first = nil
            return
        }
        while let parent = lyd_parent(top) { top = parent }
        first = lyd_first_sibling(top)
    }

    /// Runs a libyang call on this tree's context and returns its status and stored errors.
    func capture<T>(_ body: () -> T) -> (result: T, errors: [YangError]) {
        ErrorCapture.capture(context.handle, body)
    }
}

@available(*, unavailable)
extension DataTree: Sendable {}
