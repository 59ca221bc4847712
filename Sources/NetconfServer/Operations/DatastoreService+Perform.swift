import AccessControl
import Datastore
import NetconfModel

extension DatastoreService {
    /// Runs one parsed datastore operation for `session`. Not isolated: what needs only the
    /// schema (parsing an edit's content) is done on the caller's thread, so sessions do it in
    /// parallel, before the datastore actor is entered.
    /// `isOpen` tells whether the session is still open (checked where a lock or a pending
    /// confirmed commit is granted).
    nonisolated func perform(
        _ operation: DatastoreOperation, session: SessionID, isOpen: @escaping @Sendable () -> Bool = { true },
        rights: UserRights = .unrestricted, author: CommitAuthor = .agent
    ) async -> RPCReplyContent {
        switch operation {
        case .get(let filter, let withDefaults):
            return await get(filter: filter, withDefaults: withDefaults, rights: rights)
        case .getConfig(let source, let filter, let withDefaults):
            return await getConfig(source, filter: filter, withDefaults: withDefaults, rights: rights)
        case .editConfig(let target, let options, let config):
            let edit = ParsedEdit(config: config, context: context)
            return await editConfig(target, options: options, edit: edit, session: session, rights: rights)
        case .copyConfig(let target, let source):
            return await copyConfig(target, source: source, session: session, rights: rights)
        case .deleteConfig(let target):
            return await deleteConfig(target, session: session, rights: rights)
        case .lock(let target):
            return await lock(target, session: session, isOpen: isOpen)
        case .unlock(let target):
            return await unlock(target, session: session)
        case .validate(let source):
            return await validate(source)
        case .commit(let isConfirmed, let timeout, let persist, let persistID):
            return await commit(
                confirmed: isConfirmed, timeout: timeout, persist: persist, persistID: persistID, session: session, isOpen: isOpen, rights: rights,
                author: author)
        case .discardChanges:
            return await discardChanges(session: session)
        case .cancelCommit(let persistID):
            return await cancelCommit(persistID: persistID, session: session)
        }
    }
}
