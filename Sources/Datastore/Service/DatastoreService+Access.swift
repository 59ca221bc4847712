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
    nonisolated func readable(_ tree: DataTree, rights: UserRights) -> DataTree {
        guard !rights.readsEverything else { return tree }
        let copy = tree.duplicate()
        for path in rights.unreadablePaths(in: copy.roots) {
            // The path comes from the snapshot of this very copy, so the node is there.
            try? copy.delete(path: path)
        }
        return copy
    }
}
