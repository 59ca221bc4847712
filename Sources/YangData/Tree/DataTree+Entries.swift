internal import CLibYang

extension DataTree {
    /// A copy of the tree without the entries of `lists` (separable lists: containers only
    /// above them) whose data paths are not among their `keep`: what a commit validates
    /// instead of the whole candidate (``SeparableLists``). The entries left out are never
    /// copied, so the copy costs what is kept.
    public func duplicate(leavingOut lists: [(list: SeparableLists.List, keep: Set<String>)]) -> DataTree {
        var ancestors = Set<UInt>()
        var leftOut = Set<UInt>()
        for (list, _) in lists {
            let chain = list.schemaChain.isEmpty ? schemaChain(of: list.path) : list.schemaChain
            guard let listSchema = chain.last else { continue }
            ancestors.formUnion(chain.dropLast())
            leftOut.insert(listSchema)
        }
        let kept = Set(lists.flatMap { $0.keep }.compactMap { find($0) })
        var copyFirst: UnsafeMutablePointer<lyd_node>?
        var source = first
        while let node = source {
            source = node.pointee.next
            if let copied = copy(node, parent: nil, ancestors: ancestors, leftOut: leftOut, kept: kept) {
                if let existing = copyFirst {
                    precondition(lyd_insert_sibling(existing, copied, &copyFirst) == LY_SUCCESS, "libyang could not build a copy")
                } else {
                    copyFirst = copied
                }
            }
        }
        return DataTree(context: context, adopting: copyFirst)
    }

    /// Copies `node` under `parent` (nil at the top): whole, except down the containers above
    /// a left-out list, where it goes child by child and skips the entries not kept.
    private func copy(
        _ node: UnsafeMutablePointer<lyd_node>, parent: UnsafeMutablePointer<lyd_node>?,
        ancestors: Set<UInt>, leftOut: Set<UInt>, kept: Set<UnsafeMutablePointer<lyd_node>>
    ) -> UnsafeMutablePointer<lyd_node>? {
        let schema = UInt(bitPattern: node.pointee.schema)
        if leftOut.contains(schema), !kept.contains(node) { return nil }
        let inner = parent.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: lyd_node_inner.self) }
        let descend = node.pointee.schema != nil && ancestors.contains(schema)
        var options = UInt32(LYD_DUP_WITH_FLAGS)
        if !descend { options |= UInt32(LYD_DUP_RECURSIVE) }
        var copied: UnsafeMutablePointer<lyd_node>?
        let status = lyd_dup_single(node, inner, options, &copied)
        precondition(status == LY_SUCCESS, "libyang could not duplicate a data node (out of memory)")
        if descend, let copied {
            var child = lyd_child(node)
            while let current = child {
                child = current.pointee.next
                _ = copy(current, parent: copied, ancestors: ancestors, leftOut: leftOut, kept: kept)
            }
        }
        return copied
    }

    /// The compiled schema nodes from the top-level ancestor down to the node at `path`.
    private func schemaChain(of path: String) -> [UInt] {
        var chain: [UInt] = []
        var node = lys_find_path(context.handle, nil, path, 0)
        while let current = node {
            chain.insert(UInt(bitPattern: current), at: 0)
            node = UnsafePointer(current.pointee.parent)
        }
        return chain
    }

    /// ``roots``, except that a list entry whose data path is a key of `reusing` is taken from
    /// there instead of read again: for entries known to be the same as in an earlier snapshot.
    public func roots(reusing: [String: DataNode]) -> [DataNode] {
        let strings = SchemaStrings()
        return DataSiblings(first: first).map {
            DataNode(snapshotOf: $0, parentPath: nil, parentModule: nil, context: context, strings: strings, reusing: reusing)
        }
    }
}
