internal import CLibYang
#if canImport(Glibc)
internal import Glibc
#endif

/// Swift forms of libyang's `LY_LIST_FOR` and `lyd_child` for walking data nodes.
struct DataSiblings: Sequence {
    let first: UnsafeMutablePointer<lyd_node>?

    func makeIterator() -> AnyIterator<UnsafeMutablePointer<lyd_node>> {
        var current = first
        return AnyIterator {
            guard let node = current else { return nil }
            current = node.pointee.next
            return node
        }
    }
}

enum DataNodeAccess {
    static func children(_ node: UnsafeMutablePointer<lyd_node>) -> DataSiblings {
        DataSiblings(first: lyd_child(node))
    }

    static func opaque(_ node: UnsafeMutablePointer<lyd_node>) -> UnsafeMutablePointer<lyd_node_opaq>? {
        guard node.pointee.schema == nil else { return nil }
        return UnsafeMutableRawPointer(node).assumingMemoryBound(to: lyd_node_opaq.self)
    }

    /// `lyd_path` in the standard format: module-name prefixes where the module changes.
    static func path(_ node: UnsafePointer<lyd_node>) -> String {
        guard let text = lyd_path(node, LYD_PATH_STD, nil, 0) else { return "" }
        defer { Glibc.free(text) }
        return String(cString: text)
    }

    static func value(_ node: UnsafePointer<lyd_node>) -> String? {
        LibYang.string(lyd_get_value(node))
    }

    static let netconfBaseNamespace = "urn:ietf:params:xml:ns:netconf:base:1.0"

    /// The `nc:operation` of an edit node: metadata on schema nodes, an attribute on opaque ones.
    static func editOperation(_ node: UnsafeMutablePointer<lyd_node>) -> String? {
        if let opaque = opaque(node) {
            var attribute = opaque.pointee.attr
            while let current = attribute {
                if LibYang.string(current.pointee.name.name) == "operation",
                    LibYang.string(current.pointee.name.module_ns) == netconfBaseNamespace
                {
                    return LibYang.string(current.pointee.value)
                }
                attribute = current.pointee.next
            }
            return nil
        }
        return metadataValue(node, module: "ietf-netconf", name: "operation")
    }

    static func metadataValue(_ node: UnsafeMutablePointer<lyd_node>, module: String, name: String) -> String? {
        var meta = node.pointee.meta
        while let current = meta {
            if LibYang.string(current.pointee.name) == name,
                LibYang.string(current.pointee.annotation?.pointee.module?.pointee.name) == module
            {
                return LibYang.string(lyd_get_meta_value(current))
            }
            meta = current.pointee.next
        }
        return nil
    }
}
