internal import CLibYang

/// Builds a node's data path (libyang's `LYD_PATH_STD` form) from its parent's path, so a
/// snapshot of a whole tree costs one string append per node instead of one `lyd_path`
/// walk to the root (with `sprintf`) per node.
///
/// Handles what configuration trees hold: containers, leaves, lists with keys and config
/// leaf-lists. Anything else (opaque nodes, key-less lists, state leaf-lists, which libyang
/// addresses by position) returns `nil` and the caller asks libyang.
enum DataPathSegment {
    static func path(of node: UnsafeMutablePointer<lyd_node>, parentPath: String?,
                     parentModule: UnsafePointer<lys_module>?) -> String? {
        guard let schema = node.pointee.schema, let module = schema.pointee.module else { return nil }
        if parentPath != nil, parentModule == nil { return nil }  // under an opaque node
        var path = parentPath ?? ""
        path += "/"
        if parentPath == nil || parentModule != UnsafePointer(module) {
            path += String(cString: module.pointee.name)
            path += ":"
        }
        path += String(cString: schema.pointee.name)
        switch Int32(schema.pointee.nodetype) {
        case Int32(LYS_LIST):
            guard schema.pointee.flags & UInt16(LYS_KEYLESS) == 0 else { return nil }
            var child = lyd_child(node)
            var keys = 0
            while let key = child, let keySchema = key.pointee.schema,
                  keySchema.pointee.flags & UInt16(LYS_KEY) != 0 {
                path += "[" + String(cString: keySchema.pointee.name) + "=" + quoted(lyd_get_value(key)) + "]"
                keys += 1
                child = key.pointee.next
            }
            guard keys > 0 else { return nil }
        case Int32(LYS_LEAFLIST):
            guard schema.pointee.flags & UInt16(LYS_CONFIG_W) != 0 else { return nil }
            path += "[.=" + quoted(lyd_get_value(node)) + "]"
        default:
            break
        }
        return path
    }

    /// A predicate value in single quotes, or double quotes when it contains a single quote.
    private static func quoted(_ value: UnsafePointer<CChar>?) -> String {
        let text = value.map { String(cString: $0) } ?? ""
        return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'"
    }
}

extension DataTree {
    /// Every node's path as `lyd_path` prints it, depth first in document order: the
    /// reference the snapshot paths are tested against.
    func libyangPathsDepthFirst() -> [String] {
        var paths: [String] = []
        func walk(_ node: UnsafeMutablePointer<lyd_node>) {
            paths.append(DataNodeAccess.path(node))
            for child in DataNodeAccess.children(node) { walk(child) }
        }
        for root in DataSiblings(first: first) { walk(root) }
        return paths
    }
}
