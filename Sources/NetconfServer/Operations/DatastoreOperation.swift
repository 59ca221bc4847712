public import Datastore
public import YangData
import NetconfModel
public import XMLSupport

/// A datastore operation of RFC 6241 with its parameters checked and typed.
public enum DatastoreOperation: Sendable, Equatable {
    case get(filter: RetrievalFilter?, withDefaults: WithDefaultsMode?)
    case getConfig(source: DatastoreName, filter: RetrievalFilter?, withDefaults: WithDefaultsMode?)
    case editConfig(target: DatastoreName, options: EditOptions, config: XMLElement)
    case copyConfig(target: DatastoreName, source: ConfigSource)
    case deleteConfig(target: DatastoreName)
    case lock(DatastoreName)
    case unlock(DatastoreName)
    case validate(ConfigSource)
    case commit(confirmed: Bool, timeout: Duration, persist: String?, persistID: String?)
    case discardChanges
    case cancelCommit(persistID: String?)
}
