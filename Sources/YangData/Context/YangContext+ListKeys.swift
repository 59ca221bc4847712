internal import CLibYang

extension YangContext {
    /// One step of a data path: an element name and its namespace (nil: no namespace).
    public typealias ElementStep = (name: String, namespace: String?)

    /// The key leaf names of the list reached by `path` (data element steps from the top),
    /// in key order; `nil` when `path` names no list of this context's schema (a container,
    /// a keyless list, anything unknown).
    public func listKeys(at path: [ElementStep]) -> [String]? {
        var node: UnsafePointer<lysc_node>?
        for step in path {
            guard let namespace = step.namespace,
                  let module = ly_ctx_get_module_implemented_ns(handle, namespace) else { return nil }
            guard let found = lys_find_child(node, module, step.name, 0, 0, 0) else { return nil }
            node = found
        }
        guard let list = node, list.pointee.nodetype == UInt16(LYS_LIST),
              list.pointee.flags & UInt16(LYS_KEYLESS) == 0 else { return nil }
        var keys: [String] = []
        var child = lysc_node_child(list)
        while let current = child, current.pointee.flags & UInt16(LYS_KEY) != 0 {
            keys.append(LibYang.string(current.pointee.name) ?? "")
            child = current.pointee.next.map { UnsafePointer($0) }
        }
        return keys
    }
}
