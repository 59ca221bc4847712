/// The conventional configuration datastores of RFC 6241.
public enum DatastoreName: String, Sendable, Hashable, CaseIterable {
    case running
    case candidate
    case startup
}
