internal import CLibYang
#if canImport(Glibc)
internal import Glibc
#endif

/// What the compiled schema says about one node, read for an error message: its kind, its
/// type, its `must` and `when` conditions, element counts, `unique` sets, the cases of a
/// choice and the target of a leafref.
struct SchemaFacts {
    let node: UnsafePointer<lysc_node>

    init(_ node: UnsafePointer<lysc_node>) {
        self.node = node
    }

    /// The schema node of a data path (`/ietf-system:system/ntp/server[name='a']/udp/port`):
    /// predicates are dropped and the rest is a JSON schema path for `lys_find_path`.
    static func find(dataPath: String, context: OpaquePointer) -> SchemaFacts? {
        var schemaPath = ""
        var depth = 0
        var quote: Character?
        for character in dataPath {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "'", "\"":
                if depth > 0 { quote = character } else { schemaPath.append(character) }
            default: if depth == 0 { schemaPath.append(character) }
            }
        }
        let (found, _) = ErrorCapture.capture(context) { lys_find_path(context, nil, schemaPath, 0) }
        return found.map(SchemaFacts.init)
    }

    /// The schema node at a schema path as libyang's error locations print it, where choices
    /// and cases are steps too (`/ietf-system:system/ntp/server/transport/udp/udp/address`); a
    /// step without a prefix is in the module of the step before.
    static func find(schemaPath: String, context: OpaquePointer) -> SchemaFacts? {
        var node: UnsafePointer<lysc_node>?
        var module: UnsafePointer<lys_module>?
        for step in schemaPath.split(separator: "/") {
            var name = step
            if let colon = step.firstIndex(of: ":") {
                module = ly_ctx_get_module_implemented(context, String(step[..<colon])).map { UnsafePointer($0) }
                name = step[step.index(after: colon)...]
            }
            guard let module else { return nil }
            let options = UInt32(LYS_GETNEXT_WITHCHOICE | LYS_GETNEXT_WITHCASE)
            guard let found = lys_find_child(node, module, String(name), 0, 0, options) else { return nil }
            node = found
        }
        return node.map(SchemaFacts.init)
    }

    var name: String { LibYang.string(node.pointee.name) ?? "" }

    /// The nearest ancestor that has data nodes (not a choice or case); `nil` at the top.
    var dataParent: SchemaFacts? {
        var current = parent
        while let item = current, item.nodetype & Int32(LYS_CHOICE | LYS_CASE) != 0 { current = item.parent }
        return current
    }

    /// The schema node's data path (`/ietf-system:system/ntp/server/udp`): what a data path
    /// of its instances is without predicates.
    var dataPath: String? {
        guard let text = lysc_path(node, LYSC_PATH_DATA, nil, 0) else { return nil }
        defer { free(text) }
        return String(cString: text)
    }

    var nodetype: Int32 { Int32(node.pointee.nodetype) }

    var isKey: Bool { node.pointee.flags & UInt16(LYS_KEY) != 0 }

    /// `leaf`, `leaf-list`, `list`, `container`, `choice`, `anydata`.
    var kind: String {
        switch nodetype {
        case Int32(LYS_LEAF): "leaf"
        case Int32(LYS_LEAFLIST): "leaf-list"
        case Int32(LYS_LIST): "list"
        case Int32(LYS_CHOICE): "choice"
        case Int32(LYS_ANYDATA), Int32(LYS_ANYXML): "anydata"
        default: "container"
        }
    }

    var parent: SchemaFacts? {
        node.pointee.parent.map { SchemaFacts(UnsafePointer($0)) }
    }

    /// The type of a leaf or leaf-list.
    var type: UnsafePointer<lysc_type>? {
        switch nodetype {
        case Int32(LYS_LEAF):
            UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_leaf.self).pointee.type.map { UnsafePointer($0) }
        case Int32(LYS_LEAFLIST):
            UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_leaflist.self).pointee.type.map { UnsafePointer($0) }
        default:
            nil
        }
    }

    /// Each `must`: its condition as written and the module's own `error-message`, if any.
    var musts: [(condition: String, message: String?)] {
        guard let musts = lysc_node_musts(node) else { return [] }
        return (0..<LibYang.arrayCount(musts)).map { index in
            (LibYang.string(lyxp_get_expr(musts[index].cond)) ?? "", LibYang.string(musts[index].emsg))
        }
    }

    /// The conditions of the node's own `when` statements (including those of a `uses` or
    /// `augment` that added it).
    var whenConditions: [String] {
        guard let whens = lysc_node_when(node) else { return [] }
        return (0..<LibYang.arrayCount(whens)).compactMap { whens[$0].flatMap { LibYang.string(lyxp_get_expr($0.pointee.cond)) } }
    }

    /// `min-elements` and `max-elements` of a list or leaf-list (`max` is `UInt32.max` when
    /// unbounded).
    var elementCounts: (min: UInt32, max: UInt32)? {
        switch nodetype {
        case Int32(LYS_LIST):
            let list = UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_list.self).pointee
            return (list.min, list.max)
        case Int32(LYS_LEAFLIST):
            let leafList = UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_leaflist.self).pointee
            return (leafList.min, leafList.max)
        default:
            return nil
        }
    }

    /// The `unique` statements of a list, each a set of descendant leaves.
    var uniques: [[SchemaFacts]] {
        guard nodetype == Int32(LYS_LIST) else { return [] }
        let uniques = UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_list.self).pointee.uniques
        guard let uniques else { return [] }
        return (0..<LibYang.arrayCount(uniques)).map { index in
            guard let leaves = uniques[index] else { return [] }
            return (0..<LibYang.arrayCount(leaves)).compactMap { leaf in
                leaves[leaf].map { SchemaFacts(UnsafeRawPointer($0).assumingMemoryBound(to: lysc_node.self)) }
            }
        }
    }

    /// The names of a choice's cases that can hold data (a shorthand case is named after its
    /// one node; a case whose nodes are all behind disabled features has none left).
    var caseNames: [String] {
        guard nodetype == Int32(LYS_CHOICE) else { return [] }
        var names: [String] = []
        var current = lysc_node_child(node)
        while let item = current, item.pointee.parent.map({ UnsafePointer($0) }) == node {
            if lysc_node_child(item) != nil { names.append(LibYang.string(item.pointee.name) ?? "") }
            current = UnsafePointer(item.pointee.next)
        }
        return names
    }

    /// The leaf (or leaf-list) a leafref leaf points to: the last node of its path.
    var leafrefTarget: SchemaFacts? {
        guard let type, type.pointee.basetype == LY_TYPE_LEAFREF else { return nil }
        let leafref = UnsafeRawPointer(type).assumingMemoryBound(to: lysc_type_leafref.self).pointee
        var set: UnsafeMutablePointer<ly_set>?
        let status = lys_find_expr_atoms(node, node.pointee.module, leafref.path, leafref.prefixes, 0, &set)
        defer { ly_set_free(set, nil) }
        guard status == LY_SUCCESS, let set else { return nil }
        let atoms = (0..<Int(set.pointee.count)).compactMap { set.pointee.snodes[$0] }
        return atoms.last { Int32($0.pointee.nodetype) & Int32(LYS_LEAF | LYS_LEAFLIST) != 0 }
            .map { SchemaFacts(UnsafePointer($0)) }
    }

    /// The node's data path without module prefixes: `/system/ntp/authentication/key/key-id`.
    var plainDataPath: String {
        "/" + DataPathSteps(dataPath ?? name).steps.map(\.name).joined(separator: "/")
    }

    /// The path from `ancestor` down to this node, data nodes only (`udp/address`).
    func relativePath(from ancestor: SchemaFacts) -> String {
        dataChain(below: ancestor).map(\.name).joined(separator: "/")
    }

    /// The data-node schema nodes from just below `ancestor` down to this node (choices and
    /// cases, which have no data nodes, skipped).
    func dataChain(below ancestor: SchemaFacts) -> [SchemaFacts] {
        var chain: [SchemaFacts] = []
        var current: SchemaFacts? = self
        while let item = current, item.node != ancestor.node {
            if item.nodetype & Int32(LYS_CHOICE | LYS_CASE) == 0 { chain.append(item) }
            current = item.parent
        }
        return chain.reversed()
    }
}
