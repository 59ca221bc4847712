internal import CLibYang

extension DataTree {
    /// What changes turn this tree into `other` (explicit nodes only; implicit defaults are
    /// ignored, as RFC 6243 basic-mode explicit datastores compare).
    public func diff(to other: DataTree) throws(YangError) -> DataDiff {
        try requireSameContext(other)
        var result: UnsafeMutablePointer<lyd_node>?
        let (status, errors) = capture { lyd_diff_siblings(first, other.first, 0, &result) }
        let tree = DataTree(context: context, adopting: result)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot compute a diff (error \(status.rawValue))")
        }
        return DataDiff(tree: tree)
    }

    /// Merges `source` into this tree (`lyd_merge_siblings`): nodes missing here are copied,
    /// leaves present in both take the source's value. `source` is not changed.
    public func merge(from source: DataTree) throws(YangError) {
        try requireSameContext(source)
        guard let sourceFirst = source.first else { return }
        var root = first
        let (status, errors) = capture { lyd_merge_siblings(&root, sourceFirst, 0) }
        refreshFirst(from: root)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot merge data (error \(status.rawValue))")
        }
    }

    func requireSameContext(_ other: DataTree) throws(YangError) {
        guard other.context === context else {
            throw YangError(code: .other, message: "data trees of different YANG contexts cannot be combined")
        }
    }
}
