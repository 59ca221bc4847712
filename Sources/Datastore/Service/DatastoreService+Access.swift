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
    nonisolated func removeUnreadable(from copy: DataTree, rights: UserRights) throws(RPCError) {
        for path in rights.unreadablePaths(in: copy.roots) {
            do {
                try copy.delete(path: path)
            } catch {
                throw .operationFailed("the data cannot be read: a node this user may not read could not be left out")
            }
        }
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
