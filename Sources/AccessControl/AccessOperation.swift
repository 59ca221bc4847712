/// The access operations of RFC 8341 §3.2.2 (`access-operations`).
public struct AccessOperations: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let create = AccessOperations(rawValue: 1)
    public static let read = AccessOperations(rawValue: 2)
    public static let update = AccessOperations(rawValue: 4)
    public static let delete = AccessOperations(rawValue: 8)
    public static let exec = AccessOperations(rawValue: 16)
    public static let all: AccessOperations = [.create, .read, .update, .delete, .exec]
    public static let write: AccessOperations = [.create, .update, .delete]

    /// `access-operations`: `*` or a space-separated list of names.
    public init(parsing text: String) {
        var operations: AccessOperations = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            switch word {
            case "*": operations = .all
            case "create": operations.insert(.create)
            case "read": operations.insert(.read)
            case "update": operations.insert(.update)
            case "delete": operations.insert(.delete)
            case "exec": operations.insert(.exec)
            default: break
            }
        }
        self = operations
    }
}

/// The built-in default of a schema node or RPC (RFC 8341 §3.1.3, the `nacm:default-deny-write`
/// and `nacm:default-deny-all` extensions).
public enum DefaultDeny: Sendable, Hashable {
    case none
    case write
    case all
}
