internal import CLibYang

extension DataTree {
    /// ``diff(to:)`` when the two trees differ at most in the list entries at `paths` (data
    /// paths, as ``CandidateChanges`` records them): each entry is compared alone
    /// (`lyd_diff_tree`, with its parents marked `none`) and the results merged, so the cost
    /// is that of the entries, not of the trees. Nil when an entry diff cannot be made (the
    /// caller then compares the whole trees).
    public func diff(to other: DataTree, onlyEntries paths: Set<String>) throws(YangError) -> DataDiff? {
        try requireSameContext(other)
        var total: UnsafeMutablePointer<lyd_node>?
        var failed = false
        for path in paths.sorted() {
            let old = find(path)
            let new = other.find(path)
            guard old != nil || new != nil else { continue }
            var part: UnsafeMutablePointer<lyd_node>?
            let (status, _) = capture { lyd_diff_tree(old, new, 0, &part) }
            guard status == LY_SUCCESS else {
                failed = true
                break
            }
            guard var part else { continue }
            while let parent = lyd_parent(part) { part = parent }
            part = lyd_first_sibling(part)
            let (merged, _) = capture { lyd_diff_merge_all(&total, part, 0) }
            lyd_free_all(part)
            if merged != LY_SUCCESS {
                failed = true
                break
            }
        }
        let tree = DataTree(context: context, adopting: total)
        return failed ? nil : DataDiff(tree: tree)
    }
}
