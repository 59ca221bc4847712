internal import CLibYang

extension DataTree {
    /// Creates the node at a data path, with any missing ancestors (`lyd_new_path`). Throws
    /// `.nodeExists` when it is already there; `value` is for leaves and leaf-lists.
    public func create(path: String, value: String? = nil) throws(YangError) {
        try newPath(path, value: value, options: 0)
    }

    /// Creates the node at a data path or changes the value of the existing leaf there.
    public func set(path: String, value: String? = nil) throws(YangError) {
        do {
            try newPath(path, value: value, options: UInt32(LYD_NEW_PATH_UPDATE))
        } catch where error.code == .nodeExists {
            return
        }
    }

    /// Deletes the node at a data path with its subtree. Throws `.nodeNotFound` when absent.
    public func delete(path: String) throws(YangError) {
        guard let node = find(path) else {
            throw YangError(code: .nodeNotFound, message: "no data node at \(path)", path: path)
        }
        free(node)
    }

    /// Merges a copy of the node at `path` in `source` (its subtree and ancestors, without
    /// metadata such as `nc:operation`) into this tree. Throws `.nodeNotFound` when `source`
    /// has no node there.
    public func mergeSubtree(at path: String, from source: DataTree) throws(YangError) {
        try requireSameContext(source)
        guard let node = source.find(path) else {
            throw YangError(code: .nodeNotFound, message: "no data node at \(path)", path: path)
        }
        try mergeCopy(of: node)
    }

    private func newPath(_ path: String, value: String?, options: UInt32) throws(YangError) {
        var created: UnsafeMutablePointer<lyd_node>?
        let (status, errors) = capture {
            lyd_new_path(first, context.handle, path, value, options, &created)
        }
        if first == nil { refreshFirst(from: created) } else { refreshFirst(from: first) }
        guard status == LY_SUCCESS else {
            if status == LY_EEXIST {
                throw YangError(code: .nodeExists, message: "a data node already exists at \(path)", path: path,
                                libyangCode: Int(status.rawValue))
            }
            var error = errors.first ?? YangError(code: .other, message: "cannot create \(path)")
            if error.path == nil { error.path = path }
            if error.code == .invalidValue, let schema = SchemaFacts.find(dataPath: path, context: context.handle) {
                error.message = NodeErrorDescriber()
                    .message(for: error, subject: .init(schema: schema, value: value))
            }
            throw error
        }
    }
}
