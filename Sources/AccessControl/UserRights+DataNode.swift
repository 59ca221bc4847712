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

    /// The data paths of the outermost nodes under `roots` the user may not read (RFC 8341
    /// §3.4.6: they and their subtrees are left out of a reply).
    public func unreadablePaths(in roots: [DataNode]) -> [String] {
        guard !readsEverything else { return [] }
        var found: [String] = []
        func visit(_ node: DataNode) {
            guard mayAccess(Self.steps(ofDataPath: node.path), .read) else {
                found.append(node.path)
                return
            }
            node.children.forEach(visit)
        }
        roots.forEach(visit)
        return found
    }

    /// The first data path among `changes` (a diff's) the user may not write, with the
    /// operation: a created or deleted subtree needs create or delete on each of its nodes,
    /// a changed leaf update (RFC 8341 §3.4.5).
    public func firstDeniedWrite(in changes: [DataChange]) -> String? {
        guard !writesEverything else { return nil }
        func denied(_ node: DataNode, _ operation: AccessOperations) -> String? {
            if !mayAccess(Self.steps(ofDataPath: node.path), operation) { return node.path }
            for child in node.children { if let path = denied(child, operation) { return path } }
            return nil
        }
        for change in changes {
            switch change.operation {
            case .create: if let path = denied(change.node, .create) { return path }
            case .delete: if let path = denied(change.node, .delete) { return path }
            case .replace:
                if !mayAccess(Self.steps(ofDataPath: change.path), .update) { return change.path }
            }
        }
        return nil
    }
}
