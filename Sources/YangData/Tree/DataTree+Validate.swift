internal import CLibYang

extension DataTree {
    /// Fully validates the tree as a configuration datastore (RFC 7950 §8.3.3): types,
    /// references, `must`/`when`, mandatory nodes, `unique`, `min`/`max-elements`; state data is
    /// an error. Adds the implicit default nodes on success.
    ///
    /// Reports every error it can find. libyang 2.1.30 stops validation at the first failure,
    /// so after one, validation is repeated on a scratch copy from which the failing node was
    /// removed, until the copy is valid or `limit` errors were found. A removal can hide an
    /// error inside the removed subtree or cause a consequential one; consequential
    /// "mandatory node missing" errors for a removed node are suppressed.
    public func validate(limit: Int = 64) throws(YangErrors) {
        let opaque = OpaqueNodeCheck(context: context, content: .config).problems(in: first)
        guard opaque.isEmpty else { throw YangErrors(opaque) }
        let firstErrors = validateInPlace()
        guard !firstErrors.isEmpty else { return }
        var found = firstErrors
        var scratch = MultiErrorScratch(tree: duplicate())
        while found.count < limit, let last = found.last, scratch.neutralize(at: last.path) {
            let next = scratch.tree.validateInPlace().filter { !scratch.isConsequence($0) }
            guard !next.isEmpty, !next.contains(where: { found.contains($0) }) else { break }
            found.append(contentsOf: next)
        }
        throw YangErrors(Array(found.prefix(limit)))
    }

    /// One `lyd_validate_all` pass; the errors it stored (empty on success).
    func validateInPlace() -> [YangError] {
        var root = first
        let (status, errors) = capture {
            lyd_validate_all(&root, context.handle, UInt32(LYD_VALIDATE_NO_STATE), nil)
        }
        first = root.map { lyd_first_sibling($0) }
        if status == LY_SUCCESS { return [] }
        guard !errors.isEmpty else {
            return [YangError(code: .other, message: "validation failed (error \(status.rawValue))")]
        }
        let locator = ValidationErrorLocator(tree: self)
        return errors.map(locator.complete)
    }
}

/// A copy of a tree from which failing nodes are removed one by one to find further errors.
struct MultiErrorScratch {
    let tree: DataTree
    private var removed: [(path: String, name: String, parentPath: String)] = []

    init(tree: DataTree) {
        self.tree = tree
    }

    /// Removes the node at `path` (the whole list entry when `path` is a key). False when there
    /// is nothing to remove, which ends the search.
    mutating func neutralize(at path: String?) -> Bool {
        guard let path, let start = tree.first else { return false }
        var found: UnsafeMutablePointer<lyd_node>?
        guard lyd_find_path(start, path, 0, &found) == LY_SUCCESS, var node = found else { return false }
        if let schema = node.pointee.schema, schema.pointee.flags & UInt16(LYS_KEY) != 0, let parent = lyd_parent(node) {
            node = parent
        }
        let name = node.pointee.schema.flatMap { LibYang.string($0.pointee.name) } ?? ""
        let parentPath = lyd_parent(node).map { DataNodeAccess.path($0) } ?? ""
        removed.append((DataNodeAccess.path(node), name, parentPath))
        tree.free(node)
        return true
    }

    func isConsequence(_ error: YangError) -> Bool {
        removed.contains { entry in
            if let path = error.path, path == entry.path || path.hasPrefix(entry.path + "/") { return true }
            return error.code == .missingElement && (error.path ?? "") == entry.parentPath
                && (error.element == entry.name || (error.libyangMessage ?? error.message).contains("\"\(entry.name)\""))
        }
    }
}
