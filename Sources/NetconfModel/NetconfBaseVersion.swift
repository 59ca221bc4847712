/// The base protocol version a session runs, which decides its framing.
public enum NetconfBaseVersion: String, Sendable, Equatable, Comparable {
    /// `:base:1.0`: messages end with `]]>]]>`.
    case base10 = "1.0"
    /// `:base:1.1`: messages are chunked.
    case base11 = "1.1"

    public var capability: String {
        switch self {
        case .base10: NetconfCapability.base10
        case .base11: NetconfCapability.base11
        }
    }

    /// The highest version both capability lists name, or nil when they share none.
    public static func negotiate(server: [String], client: [String]) -> NetconfBaseVersion? {
        for version in [NetconfBaseVersion.base11, .base10]
        where server.contains(version.capability) && client.contains(version.capability) {
            return version
        }
        return nil
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs == .base10 && rhs == .base11
    }
}
