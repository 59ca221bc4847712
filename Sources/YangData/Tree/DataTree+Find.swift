internal import CLibYang

extension DataTree {
    /// Nodes selected by an XPath 1.0 expression (`lyd_find_xpath`); prefixes are module names,
    /// e.g. `/ietf-system:system/ntp/server[name='a']`.
    public func nodes(matching xpath: String) throws(YangError) -> [DataNode] {
        try select(xpath).map { DataNode(snapshotOf: $0, context: context) }
    }

    /// A new tree holding the nodes `xpath` selects, with their ancestors (the `:xpath` filter
    /// of `<get-config>`; subtrees of selected nodes are included).
    public func subtree(matching xpath: String) throws(YangError) -> DataTree {
        let result = DataTree(context: context)
        for node in try select(xpath) {
            try result.mergeCopy(of: node)
        }
        return result
    }

    /// The canonical value of the leaf at a data path, `nil` when absent.
    public func value(at path: String) -> String? {
        find(path).flatMap { DataNodeAccess.value($0) }
    }

    public func exists(_ path: String) -> Bool {
        find(path) != nil
    }

    /// Snapshot of the node at a data path.
    public func node(at path: String) -> DataNode? {
        find(path).map { DataNode(snapshotOf: $0, context: context) }
    }

    func find(_ path: String) -> UnsafeMutablePointer<lyd_node>? {
        guard let first else { return nil }
        var match: UnsafeMutablePointer<lyd_node>?
        let (status, _) = capture { lyd_find_path(first, path, 0, &match) }
        return status == LY_SUCCESS ? match : nil
    }

    func select(_ xpath: String) throws(YangError) -> [UnsafeMutablePointer<lyd_node>] {
        guard let first else {
            try checkXPathSyntax(xpath)
            return []
        }
        var set: UnsafeMutablePointer<ly_set>?
        let (status, errors) = capture { lyd_find_xpath(first, xpath, &set) }
        defer { ly_set_free(set, nil) }
        guard status == LY_SUCCESS, let set else {
            var error = errors.first ?? YangError(code: .invalidPath, message: "invalid XPath \(xpath)")
            error.code = .invalidPath
            throw error
        }
        return (0..<Int(set.pointee.count)).compactMap { set.pointee.dnodes[$0] }
    }

    /// An empty tree has no node to evaluate against; the expression is still checked against
    /// a scratch node so a bad filter fails the same way on an empty datastore.
    private func checkXPathSyntax(_ xpath: String) throws(YangError) {
        var set: UnsafeMutablePointer<ly_set>?
        let (status, errors) = capture { lys_find_xpath(context.handle, nil, xpath, 0, &set) }
        ly_set_free(set, nil)
        if status != LY_SUCCESS {
            var error = errors.first ?? YangError(code: .invalidPath, message: "invalid XPath \(xpath)")
            error.code = .invalidPath
            throw error
        }
    }

    /// Merges a copy of `node` (with its subtree and its ancestors, without metadata) into this
    /// tree.
    func mergeCopy(of node: UnsafeMutablePointer<lyd_node>) throws(YangError) {
        var copy: UnsafeMutablePointer<lyd_node>?
        let options = UInt32(LYD_DUP_RECURSIVE | LYD_DUP_WITH_PARENTS | LYD_DUP_NO_META)
        let (status, errors) = capture { lyd_dup_single(node, nil, options, &copy) }
        guard status == LY_SUCCESS, var top = copy else {
            throw errors.first ?? YangError(code: .other, message: "cannot copy a data node")
        }
        while let parent = lyd_parent(top) { top = parent }
        var root = first
        let (merged, mergeErrors) = capture { lyd_merge_siblings(&root, top, UInt16(LYD_MERGE_DESTRUCT)) }
        refreshFirst(from: root)
        guard merged == LY_SUCCESS else {
            throw mergeErrors.first ?? YangError(code: .other, message: "cannot merge a data node")
        }
    }
}
