internal import CLibYang

extension DataTree {
    /// Moves an existing entry of an `ordered-by user` list or leaf-list among its siblings.
    /// Throws `.nodeNotFound` when the entry or the anchor is absent, and `.invalidValue`
    /// when the anchor is not an entry of the same list.
    public func move(path: String, to position: InsertPosition) throws(YangError) {
        guard let node = find(path) else {
            throw YangError(code: .nodeNotFound, message: "no data node at \(path)", path: path)
        }
        let instances = DataSiblings(first: lyd_first_sibling(node)).filter { $0.pointee.schema == node.pointee.schema }
        let anchor: UnsafeMutablePointer<lyd_node>
        let before: Bool
        switch position {
        case .first:
            anchor = instances.first ?? node
            before = true
        case .last:
            anchor = instances.last ?? node
            before = false
        case .before(let anchorPath), .after(let anchorPath):
            guard let found = find(anchorPath) else {
                throw YangError(code: .nodeNotFound, message: "no data node at \(anchorPath)", path: anchorPath)
            }
            guard found.pointee.schema == node.pointee.schema, lyd_parent(found) == lyd_parent(node) else {
                throw YangError(code: .invalidValue, message: "\(anchorPath) is not an entry of the same list as \(path)", path: path)
            }
            anchor = found
            if case .before = position { before = true } else { before = false }
        }
        guard anchor != node else { return }
        let (status, errors) = capture { before ? lyd_insert_before(anchor, node) : lyd_insert_after(anchor, node) }
        refreshFirst(from: node)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot move \(path) (error \(status.rawValue))", path: path)
        }
    }
}
