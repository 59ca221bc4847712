import AccessControl
import NetconfModel
import YangData

extension DatastoreService {
    /// RFC 8341 §3.4.5: the error when turning `old` (nil: empty) into `new` changes a node
    /// `rights` may not create, update or delete. `error-type application`; the message names
    /// no node, so a denial reveals nothing the user may not read.
    nonisolated func writeDenied(from old: DataTree?, to new: DataTree, rights: UserRights) -> RPCError? {
        guard !rights.writesEverything else { return nil }
        let changes: [DataChange]
        do {
            changes = try (old ?? DataTree(context: context)).diff(to: new).changes
        } catch {
            return .operationFailed("cannot compare the configurations for access control: \(error.message)")
        }
        guard rights.firstDeniedWrite(in: changes) != nil else { return nil }
        return .accessDenied(type: .application, message: "access denied: the change writes data this user may not write")
    }

    /// `tree` without the nodes `rights` may not read (the source of a copy-config).
    nonisolated func readable(_ tree: DataTree, rights: UserRights) throws(RPCError) -> DataTree {
        guard !rights.readsEverything else { return tree }
        let copy = tree.duplicate()
        try removeUnreadable(from: copy, rights: rights)
        return copy
    }

    /// Deletes from `copy` (a tree of the caller's own) the outermost nodes `rights` may not
    /// read. Fails closed: a node that cannot be deleted fails the whole read rather than
    /// showing what the user may not see; the error names no node.
    ///
    /// The commit history (meridian-commits `/commits/commit`) names configuration nodes in
    /// its values: an `edit` whose `target` this user may not read is left out too, and the
    /// engine's `step`s (which name associations and addresses) are shown only to a user who
    /// may read `/system/ntp`; read access to `/commits` alone does not reveal them.
    nonisolated func removeUnreadable(from copy: DataTree, rights: UserRights) throws(RPCError) {
        let roots = copy.roots
        var paths = rights.unreadablePaths(in: roots)
        if !rights.readsEverything {
            let outermost = paths
            paths += Self.unreadableHistoryContent(in: roots, rights: rights).filter { path in
                !outermost.contains { path == $0 || path.hasPrefix($0 + "/") }
            }
        }
        for path in paths {
            do {
                try copy.delete(path: path)
            } catch {
                throw .operationFailed("the data cannot be read: a node this user may not read could not be left out")
            }
        }
    }

    private static func unreadableHistoryContent(in roots: [DataNode], rights: UserRights) -> [String] {
        guard let commits = roots.first(where: { $0.name == "commits" && $0.module == CommitStateXML.module }) else { return [] }
        let mayReadNTP = rights.mayAccess(UserRights.steps(ofDataPath: "/ietf-system:system/ntp"), .read)
        var paths: [String] = []
        for commit in commits.children where commit.name == "commit" {
            for entry in commit.children {
                switch entry.name {
                case "edit":
                    // A target that cannot be read as a path is left out as well (fails closed).
                    let steps = UserRights.steps(ofDataPath: entry.child("target")?.value ?? "")
                    if steps.isEmpty || !rights.mayAccess(steps, .read) { paths.append(entry.path) }
                case "step" where !mayReadNTP:
                    paths.append(entry.path)
                default:
                    break
                }
            }
        }
        return paths
    }
}

extension DatastoreService {
    /// RFC 8341 §3.4.5 for a plain merge (no operation attributes), from the edit itself: a
    /// node the candidate lacks is created (with its subtree), a leaf whose value differs is
    /// updated, anything else is unchanged. No copy of the candidate and no diff, so the merge
    /// can still be applied in place.
    nonisolated func plainMergeDenied(_ roots: [DataNode], into candidate: DataTree, rights: UserRights) -> RPCError? {
        guard !rights.writesEverything else { return nil }
        func denied(_ node: DataNode) -> Bool {
            switch node.kind {
            case .leaf:
                guard let current = candidate.value(at: node.path) else { return rights.deniedWrite(.create, subtree: node) != nil }
                return current != node.value && !rights.mayAccess(UserRights.steps(ofDataPath: node.path), .update)
            default:
                guard candidate.exists(node.path) else { return rights.deniedWrite(.create, subtree: node) != nil }
                return node.children.contains(where: denied)
            }
        }
        guard roots.contains(where: denied) else { return nil }
        return .accessDenied(type: .application, message: "access denied: the change writes data this user may not write")
    }
}

extension DatastoreService {
    /// RFC 8341 §3.4.5 for a commit: the committing user needs write access to every change
    /// between running and the candidate. When the edits since running touched only entries
    /// of separable lists, only those entries are compared; otherwise the whole trees are.
    func commitDenied(rights: UserRights) -> RPCError? {
        guard !rights.writesEverything else { return nil }
        guard let entries = candidateChanges.onlyEntries(since: running) else {
            return writeDenied(from: running, to: candidate, rights: rights)
        }
        for path in entries where rights.firstDeniedWrite(from: running.node(at: path), to: candidate.node(at: path)) != nil {
            return .accessDenied(type: .application, message: "access denied: the change writes data this user may not write")
        }
        return nil
    }
}
