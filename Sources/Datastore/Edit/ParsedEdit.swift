import NetconfModel
public import XMLSupport
public import YangData

/// The `<config>` of an `<edit-config>` parsed into a libyang tree. Parsing needs only the
/// schema context, which is immutable and safe to read from any thread, so a session parses
/// its edit before it enters the datastore actor, and the actor does only the merge.
public struct ParsedEdit {
    /// The edit's tree; nil when libyang could not read the document at all.
    let tree: DataTree?
    /// Snapshots of the edit's top-level nodes (what ``EditApplier`` walks).
    let roots: [DataNode]
    /// Per-node problems (each such node stays in the tree as an opaque node), or the
    /// document's errors when `tree` is nil.
    let problems: [RPCError]

    public init(config: XMLElement, context: YangContext) {
        do {
            let (tree, problems) = try DataTree.parseKeepingProblems(
                xml: DatastoreService.content(of: config), context: context, as: .edit)
            self.tree = tree
            roots = tree.roots
            self.problems = problems.map { $0.rpcError(in: context) }
        } catch {
            tree = nil
            roots = []
            problems = error.map { $0.rpcError(in: context) }
        }
    }

    /// Whether merging the edit is one `lyd_merge` per top-level node that cannot fail on
    /// its content: default operation merge, no operation or insert attribute and no opaque
    /// node anywhere. Only such an edit may change a candidate in place.
    func isPlainMerge(_ options: EditOptions) -> Bool {
        tree != nil && problems.isEmpty && options.defaultOperation == .merge && roots.allSatisfy(EditApplier.isPlain)
    }
}
