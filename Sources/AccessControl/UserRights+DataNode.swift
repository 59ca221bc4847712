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
        func denied(_ node: DataNode, _ parent: [NodeStep]?, _ operation: AccessOperations) -> String? {
            let steps = Self.steps(of: node, under: parent)
            if node.kind != .container, !mayAccess(steps, operation) { return node.path }
            for child in node.children { if let path = denied(child, steps, operation) { return path } }
            return nil
        }
        for change in changes {
            switch change.operation {
            case .create: if let path = denied(change.node, nil, .create) { return path }
            case .delete: if let path = denied(change.node, nil, .delete) { return path }
            case .replace:
                if !mayAccess(Self.steps(ofDataPath: change.path), .update) { return change.path }
            }
        }
        return nil
    }
}
