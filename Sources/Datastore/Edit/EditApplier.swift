public import NetconfModel
public import YangData

/// Applies the content of an `<edit-config>` to a datastore tree (RFC 6241 §7.2):
/// merge, replace, create, delete and remove at any depth, with the default operation
/// for nodes that carry none. The caller works on a copy of the datastore, so a failed
/// edit under stop-on-error or rollback-on-error simply drops the copy (or, for a plain
/// merge, which cannot fail on its content, on the datastore's own tree).
public struct EditApplier {
    /// The operation in force at a node: its own `nc:operation` or the inherited one.
    enum Effective: Equatable {
        case merge, replace, create, delete, remove, none

        init(_ operation: EditOperation) {
            switch operation {
            case .merge: self = .merge
            case .replace: self = .replace
            case .create: self = .create
            case .delete: self = .delete
            case .remove: self = .remove
            }
        }
    }

    let target: DataTree
    /// The edit itself, from which subtrees are merged whole.
    let source: DataTree
    let context: YangContext
    let continueOnError: Bool
    /// Opaque nodes (already reported by the parser) are left out instead of failing again.
    var skippingInvalid = false
    public private(set) var errors: [RPCError] = []
    /// Whether anything in the target was changed.
    public private(set) var changed = false

    /// Applies `edit` (parsed as `.edit` content) to `target`.
    public static func apply(
        _ edit: DataTree, to target: DataTree, options: EditOptions, context: YangContext, skippingInvalid: Bool = false
    ) -> EditApplier {
        apply(edit, roots: edit.roots, to: target, options: options, context: context, skippingInvalid: skippingInvalid)
    }

    /// ``apply(_:to:options:context:skippingInvalid:)`` with the edit's snapshot taken already.
    static func apply(
        _ edit: DataTree, roots: [DataNode], to target: DataTree, options: EditOptions, context: YangContext,
        skippingInvalid: Bool = false
    ) -> EditApplier {
        var applier = EditApplier(target: target, source: edit, context: context, continueOnError: options.errorOption == .continueOnError)
        applier.skippingInvalid = skippingInvalid
        let inherited: Effective
        switch options.defaultOperation {
        case .merge: inherited = .merge
        case .replace: inherited = .replace
        case .none: inherited = .none
        }
        if options.defaultOperation == .replace {
            // The whole datastore becomes the content: drop top-level nodes the edit does not name.
            applier.replaceTopLevel(except: roots)
        }
        applier.apply(roots, inherited: inherited)
        return applier
    }

    private var shouldStop: Bool { !errors.isEmpty && !continueOnError }

    mutating func apply(_ nodes: [DataNode], inherited: Effective) {
        for node in nodes {
            if shouldStop { return }
            let operation = node.editOperation.map(Effective.init) ?? inherited
            apply(node, operation)
        }
    }

    private mutating func apply(_ node: DataNode, _ operation: Effective) {
        let exists = target.exists(node.path)
        defer {
            if node.insert != nil, [.merge, .create, .replace].contains(operation), shouldStop == false {
                position(node)
            }
        }
        switch operation {
        case .delete:
            guard exists else { return fail(.dataMissing(path: node.path, message: "\(node.name) does not exist, so it cannot be deleted"), node) }
            remove(node)
        case .remove:
            if exists { remove(node) }
        case .create:
            guard !exists else { return fail(.dataExists(path: node.path, message: "\(node.name) already exists"), node) }
            build(node)
        case .replace:
            if exists { remove(node) }
            build(node)
        case .merge:
            merge(node, exists: exists)
        case .none:
            // RFC 6241 §7.2: data at level "none" must have its counterpart in the target.
            guard exists else {
                return fail(.dataMissing(path: node.path, message: "\(node.name) does not exist in the target (default-operation none changes nothing but what names an operation)"), node)
            }
            if node.kind == .container || node.kind == .list {
                apply(node.children, inherited: .none)
            }
        }
    }

    private mutating func merge(_ node: DataNode, exists: Bool) {
        switch node.kind {
        case .leaf, .leafList, .anydata:
            perform(node) { (tree: DataTree) throws(YangError) in try tree.set(path: node.path, value: node.kind == .leafList ? nil : node.value) }
        case .container, .list:
            if Self.isPlain(node) {
                // Nothing below names an operation or a position: libyang merges the whole
                // subtree in one pass (create what is missing, overwrite leaf values), which is
                // what merging node by node does, without a path lookup per node.
                let source = source
                perform(node) { (tree: DataTree) throws(YangError) in try tree.mergeSubtree(at: node.path, from: source) }
                return
            }
            if !exists { perform(node) { (tree: DataTree) throws(YangError) in try tree.set(path: node.path) } }
            apply(node.children, inherited: .merge)
        case .opaque:
            if skippingInvalid { return }
            fail(.invalidValue("'\(node.value ?? "")' is not a valid value for \(node.name)", type: .application, path: node.path), node)
        }
    }

    /// Creates a node that is not there (after replace removed it, or for create), then its content.
    private mutating func build(_ node: DataNode) {
        merge(node, exists: false)
    }

    private mutating func remove(_ node: DataNode) {
        perform(node) { (tree: DataTree) throws(YangError) in try tree.delete(path: node.path) }
    }

    /// Honours `yang:insert` (RFC 7950 §7.8.6) on an entry of an ordered-by-user list or leaf-list.
    private mutating func position(_ node: DataNode) {
        let where_: InsertPosition
        switch node.insert {
        case "first": where_ = .first
        case "last": where_ = .last
        case "before", "after":
            let base = Self.pathWithoutLastPredicate(node.path)
            let anchor: String
            if let key = node.insertKey {
                anchor = base + key
            } else if let value = node.insertValue {
                anchor = base + (value.contains("'") ? "[.=\"\(value)\"]" : "[.='\(value)']")
            } else {
                return fail(.missingAttribute(attribute: node.kind == .leafList ? "value" : "key", element: node.name, type: .application), node)
            }
            guard target.exists(anchor) else {
                var error = RPCError.badAttribute(
                    attribute: node.kind == .leafList ? "value" : "key", element: node.name, type: .application,
                    message: "the entry to insert \(node.insert ?? "") does not exist")
                error.appTag = "missing-instance"
                error.path = node.path
                return fail(error, node)
            }
            where_ = node.insert == "before" ? .before(path: anchor) : .after(path: anchor)
        default:
            return fail(.badAttribute(attribute: "insert", element: node.name, type: .application), node)
        }
        perform(node) { (tree: DataTree) throws(YangError) in try tree.move(path: node.path, to: where_) }
    }

    /// A subtree with no metadata (no `nc:operation`, no `yang:insert`) and only schema nodes
    /// with plain values (no opaque or anydata nodes) anywhere in it.
    static func isPlain(_ node: DataNode) -> Bool {
        guard node.metadata.isEmpty, node.kind != .opaque, node.kind != .anydata else { return false }
        return node.children.allSatisfy(isPlain)
    }

    /// `/a:x/list[k='1']` → `/a:x/list` (quotes respected).
    public static func pathWithoutLastPredicate(_ path: String) -> String {
        var depth = 0
        var quote: Character?
        var lastSlash = path.startIndex
        for index in path.indices {
            let character = path[index]
            if let open = quote { if character == open { quote = nil }; continue }
            switch character {
            case "'", "\"": quote = character
            case "[": depth += 1
            case "]": depth -= 1
            case "/" where depth == 0: lastSlash = index
            default: break
            }
        }
        let step = path[lastSlash...]
        guard let bracket = step.firstIndex(of: "[") else { return path }
        return String(path[..<bracket])
    }

    private mutating func replaceTopLevel(except kept: [DataNode]) {
        for root in target.roots where !kept.contains(where: { $0.path == root.path }) {
            perform(root) { (tree: DataTree) throws(YangError) in try tree.delete(path: root.path) }
        }
    }

    private mutating func perform(_ node: DataNode, _ change: (DataTree) throws(YangError) -> Void) {
        do {
            try change(target)
            changed = true
        } catch {
            errors.append(error.rpcError(in: context))
        }
    }

    private mutating func fail(_ error: RPCError, _ node: DataNode) {
        var error = error
        if error.pathNamespaces.isEmpty, let path = error.path {
            error.pathNamespaces = YangError.prefixes(in: path, context: context)
        }
        errors.append(error)
    }
}

