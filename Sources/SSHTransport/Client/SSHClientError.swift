/// Why the client could not connect, verify the server, log in or open the channel.
public struct SSHClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case connect
        case hostKeyUnknown
        case hostKeyChanged
        case authentication
        case keyFile
        case channel
        case io
    }

    public let code: Code
    public let message: String

    public var description: String { message }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}
