internal import CLibYang

extension DataNode {
    init(snapshotOf node: UnsafeMutablePointer<lyd_node>, context: YangContext) {
        let parent = node.pointee.parent.map { UnsafeMutablePointer<lyd_node>(OpaquePointer($0)) }
        self.init(snapshotOf: node, parentPath: parent.map { DataNodeAccess.path($0) },
                  parentModule: parent?.pointee.schema?.pointee.module.map { UnsafePointer($0) }, context: context,
                  strings: SchemaStrings())
    }

    /// `parentPath` is the parent's data path (nil at the top); children get theirs from this
    /// node's, built without asking libyang where possible (``DataPathSegment``).
    init(snapshotOf node: UnsafeMutablePointer<lyd_node>, parentPath: String?,
         parentModule: UnsafePointer<lys_module>?, context: YangContext, strings: SchemaStrings,
         reusing: [String: DataNode] = [:]) {
        let path = DataPathSegment.path(of: node, parentPath: parentPath, parentModule: parentModule)
            ?? DataNodeAccess.path(node)
        if !reusing.isEmpty, let schema = node.pointee.schema, Int32(schema.pointee.nodetype) == Int32(LYS_LIST),
            let known = reusing[path]
        {
            self = known
            return
        }
        let module = node.pointee.schema?.pointee.module.map { UnsafePointer($0) }
        let children = DataNodeAccess.children(node).map {
            DataNode(snapshotOf: $0, parentPath: path, parentModule: module, context: context, strings: strings, reusing: reusing)
        }
        if let opaque = DataNodeAccess.opaque(node) {
            let namespace = LibYang.string(opaque.pointee.name.module_ns) ?? ""
            self.init(
                name: LibYang.string(opaque.pointee.name.name) ?? "",
                module: context.implementedModules.first { $0.namespace == namespace }?.name ?? namespace,
                namespace: namespace,
                kind: .opaque,
                value: LibYang.string(opaque.pointee.value),
                isDefault: false,
                path: path,
                metadata: Self.attributes(of: opaque),
                children: children)
            return
        }
        let schema = node.pointee.schema!
        self.init(
            name: strings.string(schema.pointee.name),
            module: strings.string(schema.pointee.module.pointee.name),
            namespace: strings.string(schema.pointee.module.pointee.ns),
            kind: Self.kind(of: schema.pointee.nodetype),
            value: DataNodeAccess.value(node),
            isDefault: node.pointee.flags & UInt32(LYD_DEFAULT) != 0,
            path: path,
            metadata: Self.metadata(of: node),
            children: children)
    }

    private static func kind(of nodetype: UInt16) -> Kind {
        switch Int32(nodetype) {
        case Int32(LYS_LEAF): .leaf
        case Int32(LYS_LEAFLIST): .leafList
        case Int32(LYS_LIST): .list
        case _ where Int32(nodetype) & Int32(LYS_ANYDATA) != 0: .anydata
        default: .container
        }
    }

    private static func metadata(of node: UnsafeMutablePointer<lyd_node>) -> [Metadata] {
        var result: [Metadata] = []
        var meta = node.pointee.meta
        while let current = meta {
            let module = current.pointee.annotation?.pointee.module
            result.append(Metadata(
                module: LibYang.string(module?.pointee.name),
                namespace: LibYang.string(module?.pointee.ns),
                name: LibYang.string(current.pointee.name) ?? "",
                value: LibYang.string(lyd_get_meta_value(current)) ?? ""))
            meta = current.pointee.next
        }
        return result
    }

    private static func attributes(of opaque: UnsafeMutablePointer<lyd_node_opaq>) -> [Metadata] {
        var result: [Metadata] = []
        var attribute = opaque.pointee.attr
        while let current = attribute {
            result.append(Metadata(
                module: nil,
                namespace: LibYang.string(current.pointee.name.module_ns),
                name: LibYang.string(current.pointee.name.name) ?? "",
                value: LibYang.string(current.pointee.value) ?? ""))
            attribute = current.pointee.next
        }
        return result
    }
}

extension DataTree {
    /// Snapshots of the top-level nodes and their subtrees.
    public var roots: [DataNode] {
        let strings = SchemaStrings()
        return DataSiblings(first: first).map {
            DataNode(snapshotOf: $0, parentPath: nil, parentModule: nil, context: context, strings: strings)
        }
    }
}

/// Schema and module names as Swift strings, converted once per snapshot: libyang keeps one
/// C string per name in its dictionary, so the pointer identifies the text.
final class SchemaStrings {
    private var converted: [UnsafePointer<CChar>: String] = [:]

    func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        if let known = converted[pointer] { return known }
        let text = String(cString: pointer)
        converted[pointer] = text
        return text
    }
}
