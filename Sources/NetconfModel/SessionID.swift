/// A NETCONF session-id (RFC 6241 §8.1): a non-zero number the server assigns to a session.
public struct SessionID: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }
}
