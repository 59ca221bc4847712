public import XMLSupport

/// Where configuration comes from for `<copy-config>` and `<validate>`: a datastore or
/// an inline `<config>` element (RFC 6241 §7.3, §8.6).
public enum ConfigSource: Sendable, Equatable {
    case datastore(DatastoreName)
    case inline(XMLElement)
}
