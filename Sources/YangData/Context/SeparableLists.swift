internal import CLibYang
#if canImport(Glibc)
internal import Glibc
#endif

/// The configuration lists whose entries YANG validation can check apart from one another,
/// found once per schema: an entry's validity then depends only on the entry itself and on
/// data outside the list, and nothing outside the list depends on the list's entries. So
/// when a candidate differs from a valid running configuration only inside some entries of
/// such a list, validating the candidate without the list's other entries gives the same
/// answer as validating all of it (see ``DataTree/duplicate(leavingOut:)``).
///
/// A list qualifies when
/// - it is configuration, has no `min-elements`, `max-elements` or `unique`, and has no
///   list, choice or case above it (its entries sit in containers only);
/// - every `must`, `when` and leafref inside its entries either stays inside the entry (all
///   schema nodes it can reach are the list and nodes below it) or stays out of the list
///   (none of them is), and none uses an axis that could step to another entry (siblings,
///   ancestors, descendants, `//`) or `deref()`;
/// - no `must`, `when` or leafref outside the list can reach the list or a node below it;
/// - the schema has no configuration instance-identifier (it could point anywhere).
///
/// What the constraints inside the entries read outside the list is kept as the list's
/// dependencies: a change there means every entry must be checked again.
public struct SeparableLists: Sendable, Equatable {
    public struct List: Sendable, Equatable {
        /// Schema path of the list in data-path form: module names where the module changes,
        /// no predicates (`/ietf-system:system/ntp/server`).
        public var path: String
        /// Schema paths, in the same form, of the nodes outside the list that constraints in
        /// its entries read (a leafref's target, say); the list's ancestors are not included.
        public var dependencies: [String]
        /// The compiled schema nodes from the top-level ancestor down to the list (their
        /// addresses, for finding the entries in a data tree without parsing the path); empty
        /// when the list was described by path only.
        var schemaChain: [UInt] = []
        /// The path's steps from the top: the module where it changes (else the one above),
        /// and the node's name.
        public let steps: [Step]

        public struct Step: Sendable, Equatable {
            public let module: String
            public let name: String
        }

        public init(path: String, dependencies: [String]) {
            self.path = path
            self.dependencies = dependencies
            var module = ""
            steps = path.split(separator: "/").map { step in
                guard let colon = step.firstIndex(of: ":") else { return Step(module: module, name: String(step)) }
                module = String(step[..<colon])
                return Step(module: module, name: String(step[step.index(after: colon)...]))
            }
        }
    }

    /// The separable lists by path.
    public let lists: [String: List]

    public init(_ lists: [List]) {
        self.lists = Dictionary(lists.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Analyses every implemented module of `context`.
    public init(context: YangContext) {
        self.init(SchemaConstraintScan(context: context).separableLists())
    }

    /// `/a:x/list[k='1']/b:y` → `/a:x/list/b:y`: a data path without its predicates (quoted key
    /// values may hold any character).
    public static func schemaPath(ofDataPath path: String) -> String {
        let bytes = path.utf8
        guard bytes.contains(UInt8(ascii: "[")) else { return path }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var depth = 0
        var quote: UInt8?
        for byte in bytes {
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: "'") where depth > 0, UInt8(ascii: "\"") where depth > 0:
                quote = byte
            default:
                if depth == 0 { result.append(byte) }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether two schema paths are the same node or one lies below the other.
    public static func overlap(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/")
    }
}

/// Walks the compiled schema once and gathers, for every data node, the schema nodes its
/// constraints can reach (libyang's `lys_find_expr_atoms`).
private struct SchemaConstraintScan {
    typealias Node = UnsafePointer<lysc_node>

    struct Constraint {
        /// Where the constraint is written.
        let owner: Node
        /// The schema nodes it can reach; nil when libyang could not tell.
        let atoms: Set<Node>?
        /// Whether its expression uses an axis or function that can step between list entries.
        let crossesEntries: Bool
    }

    var nodes: [Node] = []
    var parents: [Node: Node] = [:]
    var constraints: [Constraint] = []
    var hasConfigInstanceIdentifier = false

    init(context: YangContext) {
        var index: UInt32 = 0
        while let module = ly_ctx_get_module_iter(context.handle, &index) {
            guard module.pointee.implemented != 0, let compiled = module.pointee.compiled else { continue }
            visit(siblings: compiled.pointee.data.map { Node($0) }, parent: nil)
        }
    }

    private mutating func visit(siblings first: Node?, parent: Node?) {
        var current = first
        while let node = current {
            nodes.append(node)
            if let parent { parents[node] = parent }
            collectConstraints(of: node)
            visit(siblings: lysc_node_child(node).map { Node($0) }, parent: node)
            current = node.pointee.next.map { Node($0) }
        }
    }

    private mutating func collectConstraints(of node: Node) {
        if let musts = lysc_node_musts(node) {
            for index in 0..<LibYang.arrayCount(musts) {
                add(owner: node, context: node, expression: musts[index].cond, prefixes: musts[index].prefixes)
            }
        }
        if let whens = lysc_node_when(node) {
            for index in 0..<LibYang.arrayCount(whens) {
                guard let when = whens[index] else { continue }
                add(owner: node, context: when.pointee.context.map { Node($0) } ?? node,
                    expression: when.pointee.cond, prefixes: when.pointee.prefixes)
            }
        }
        let type: UnsafeMutablePointer<lysc_type>?
        switch Int32(node.pointee.nodetype) {
        case Int32(LYS_LEAF):
            type = UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_leaf.self).pointee.type
        case Int32(LYS_LEAFLIST):
            type = UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_leaflist.self).pointee.type
        default:
            type = nil
        }
        if let type { collectReferences(of: type, owner: node) }
    }

    private mutating func collectReferences(of type: UnsafeMutablePointer<lysc_type>, owner: Node) {
        switch type.pointee.basetype {
        case LY_TYPE_LEAFREF:
            let leafref = UnsafeRawPointer(type).assumingMemoryBound(to: lysc_type_leafref.self)
            add(owner: owner, context: owner, expression: leafref.pointee.path, prefixes: leafref.pointee.prefixes)
        case LY_TYPE_INST:
            if owner.pointee.flags & UInt16(LYS_CONFIG_W) != 0 { hasConfigInstanceIdentifier = true }
        case LY_TYPE_UNION:
            let union = UnsafeRawPointer(type).assumingMemoryBound(to: lysc_type_union.self)
            guard let members = union.pointee.types else { return }
            for index in 0..<LibYang.arrayCount(members) {
                if let member = members[index] { collectReferences(of: member, owner: owner) }
            }
        default:
            break
        }
    }

    private mutating func add(owner: Node, context: Node, expression: OpaquePointer?, prefixes: UnsafeMutablePointer<lysc_prefix>?) {
        guard let expression else { return }
        var set: UnsafeMutablePointer<ly_set>?
        let status = lys_find_expr_atoms(context, owner.pointee.module, expression, prefixes, 0, &set)
        defer { ly_set_free(set, nil) }
        var atoms: Set<Node>?
        if status == LY_SUCCESS, let set {
            var found = Set<Node>()
            for index in 0..<Int(set.pointee.count) {
                if let atom = set.pointee.snodes[index] { found.insert(Node(atom)) }
            }
            atoms = found
        }
        let text = LibYang.string(lyxp_get_expr(expression)) ?? ""
        let crossing = ["sibling::", "preceding::", "following::", "ancestor", "descendant", "//", "deref("]
        constraints.append(Constraint(owner: owner, atoms: atoms, crossesEntries: crossing.contains { text.contains($0) }))
    }

    func ancestors(of node: Node) -> [Node] {
        var result: [Node] = []
        var current = parents[node]
        while let parent = current {
            result.append(parent)
            current = parents[parent]
        }
        return result
    }

    func separableLists() -> [SeparableLists.List] {
        guard !hasConfigInstanceIdentifier else { return [] }
        var result: [SeparableLists.List] = []
        for list in nodes where isCandidate(list) {
            let subtree = Set(nodes.filter { $0 == list || ancestors(of: $0).contains(list) })
            let above = Set(ancestors(of: list))
            var dependencies = Set<Node>()
            var separable = true
            for constraint in constraints {
                guard let atoms = constraint.atoms else {
                    separable = false
                    break
                }
                if subtree.contains(constraint.owner) {
                    let inside = atoms.intersection(subtree)
                    if constraint.crossesEntries || (!inside.isEmpty && inside.count != atoms.count) {
                        separable = false
                        break
                    }
                    if inside.isEmpty { dependencies.formUnion(atoms.subtracting(above)) }
                } else if !atoms.isDisjoint(with: subtree) {
                    separable = false
                    break
                }
            }
            guard separable, let path = Self.path(list) else { continue }
            var separableList = SeparableLists.List(path: path, dependencies: dependencies.compactMap(Self.path).sorted())
            separableList.schemaChain = (ancestors(of: list).reversed() + [list]).map { UInt(bitPattern: $0) }
            result.append(separableList)
        }
        return result
    }

    /// A configuration list without element counts or `unique`, in containers only.
    private func isCandidate(_ node: Node) -> Bool {
        guard Int32(node.pointee.nodetype) == Int32(LYS_LIST), node.pointee.flags & UInt16(LYS_CONFIG_W) != 0 else { return false }
        let list = UnsafeRawPointer(node).assumingMemoryBound(to: lysc_node_list.self)
        guard list.pointee.min == 0, list.pointee.max == UInt32.max, LibYang.arrayCount(list.pointee.uniques) == 0 else { return false }
        let ancestors = ancestors(of: node)
        return !ancestors.isEmpty && ancestors.allSatisfy { Int32($0.pointee.nodetype) == Int32(LYS_CONTAINER) }
    }

    static func path(_ node: Node) -> String? {
        guard let text = lysc_path(node, LYSC_PATH_DATA, nil, 0) else { return nil }
        defer { free(text) }
        return String(cString: text)
    }
}
