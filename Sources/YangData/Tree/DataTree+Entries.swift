internal import CLibYang

extension DataTree {
    /// Frees the entries of `list` (a separable list: no list above it) whose data paths are
    /// not in `keeping`. Used on a scratch copy that is validated instead of the whole
    /// candidate (``SeparableLists``).
    public func removeEntries(of list: SeparableLists.List, keeping: Set<String>) {
        let chain = list.schemaChain.isEmpty ? schemaChain(of: list.path) : list.schemaChain
        guard let listSchema = chain.last else { return }
        // Down from the top-level ancestor through the containers, by schema node.
        var siblings = first
        var parent: UnsafeMutablePointer<lyd_node>?
        for step in chain.dropLast() {
            guard let found = DataSiblings(first: siblings).first(where: { UInt(bitPattern: $0.pointee.schema) == step }) else { return }
            parent = found
            siblings = lyd_child(found)
        }
        guard let parent else { return }
        let kept = Set(keeping.compactMap { find($0) })
        var child = lyd_child(parent)
        while let node = child {
            child = node.pointee.next
            if UInt(bitPattern: node.pointee.schema) == listSchema, !kept.contains(node) {
                free(node)
            }
        }
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
