public import YangData

extension UserRights {
    /// The steps of a data path (`/meridian-ntp:ntp/key[key-id='1']/secret`).
    public static func steps(ofDataPath path: String) -> [NodeStep] {
        guard let parsed = NACMPath(path) else { return [] }
        var module = ""
        return parsed.steps.map { step in
            module = step.module ?? module
            return NodeStep(module: module, name: step.name, keys: step.keys)
        }
    }

    /// The steps of `node`, a child of the node at `parent`: only a list or leaf-list entry's
    /// path is parsed (for its keys, which may hold any character, `/` included).
    static func steps(of node: DataNode, under parent: [NodeStep]?) -> [NodeStep] {
        guard let parent else { return steps(ofDataPath: node.path) }
        var keys: [String: String] = [:]
        if node.kind == .list || node.kind == .leafList, let parsed = NACMPath(node.path)?.steps.last {
            keys = parsed.keys
        }
        return parent + [NodeStep(module: node.module, name: node.name, keys: keys)]
    }

    /// The data paths of the outermost nodes under `roots` the user may not read (RFC 8341
    /// §3.4.6: they and their subtrees are left out of a reply).
    public func unreadablePaths(in roots: [DataNode]) -> [String] {
        guard !readsEverything else { return [] }
        var found: [String] = []
        func visit(_ node: DataNode, _ parent: [NodeStep]?) {
            let steps = Self.steps(of: node, under: parent)
            guard mayAccess(steps, .read) else {
                found.append(node.path)
                return
            }
            for child in node.children { visit(child, steps) }
        }
        for root in roots { visit(root, nil) }
        return found
    }

    /// The first data path among `changes` (a diff's) the user may not write, with the
    /// operation: a created or deleted subtree needs create or delete on each of its nodes,
    /// a changed leaf update (RFC 8341 §3.4.5). Containers are not checked themselves (a
    /// non-presence container exists whenever anything in it does, so creating a leaf must not
    /// need create on its ancestors); what they hold is.
    public func firstDeniedWrite(in changes: [DataChange]) -> String? {
        guard !writesEverything else { return nil }
        for change in changes {
            switch change.operation {
            case .create: if let path = deniedWrite(.create, subtree: change.node) { return path }
            case .delete: if let path = deniedWrite(.delete, subtree: change.node) { return path }
            case .replace: if !mayAccess(Self.steps(ofDataPath: change.path), .update) { return change.path }
            }
        }
        return nil
    }

    /// The first node of `node`'s subtree (created or deleted as a whole) the user may not
    /// `operation`; containers are not checked themselves, what they hold is.
    public func deniedWrite(_ operation: AccessOperations, subtree node: DataNode) -> String? {
        func denied(_ node: DataNode, _ parent: [NodeStep]?) -> String? {
            let steps = Self.steps(of: node, under: parent)
            if node.kind != .container, !mayAccess(steps, operation) { return node.path }
            for child in node.children { if let path = denied(child, steps) { return path } }
            return nil
        }
        return denied(node, nil)
    }

    /// The first data path the user may not write in turning the subtree `old` into `new`
    /// (both at the same data path; nil: absent), compared node by node.
    public func firstDeniedWrite(from old: DataNode?, to new: DataNode?) -> String? {
        guard !writesEverything else { return nil }
        switch (old, new) {
        case (nil, nil): return nil
        case (nil, let created?): return deniedWrite(.create, subtree: created)
        case (let deleted?, nil): return deniedWrite(.delete, subtree: deleted)
        case (let old?, let new?):
            if old.kind == .leaf || old.kind == .leafList {
                guard old.value != new.value else { return nil }
                return mayAccess(Self.steps(ofDataPath: new.path), .update) ? nil : new.path
            }
            let before = Dictionary(old.children.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
            var seen: Set<String> = []
            for child in new.children {
                seen.insert(child.path)
                if let path = firstDeniedWrite(from: before[child.path], to: child) { return path }
            }
            for child in old.children where !seen.contains(child.path) {
                if let path = deniedWrite(.delete, subtree: child) { return path }
            }
            return nil
        }
    }
}
