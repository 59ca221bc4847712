import Datastore
import NetconfModel

extension DatastoreService {
    /// Runs one parsed datastore operation for `session`.
    func perform(_ operation: DatastoreOperation, session: SessionID) async -> RPCReplyContent {
        switch operation {
        case .get(let filter, let withDefaults):
            return await get(filter: filter, withDefaults: withDefaults)
        case .getConfig(let source, let filter, let withDefaults):
            return getConfig(source, filter: filter, withDefaults: withDefaults)
        case .editConfig(let target, let options, let config):
            return editConfig(target, options: options, config: config, session: session)
        case .copyConfig(let target, let source):
            return copyConfig(target, source: source, session: session)
        case .deleteConfig(let target):
            return deleteConfig(target, session: session)
        case .lock(let target):
            return lock(target, session: session)
        case .unlock(let target):
            return unlock(target, session: session)
        case .validate(let source):
            return validate(source)
        case .commit(let isConfirmed, let timeout, let persist, let persistID):
            return await commit(confirmed: isConfirmed, timeout: timeout, persist: persist, persistID: persistID, session: session)
        case .discardChanges:
            return discardChanges(session: session)
        case .cancelCommit(let persistID):
            return await cancelCommit(persistID: persistID, session: session)
        }
    }
}
