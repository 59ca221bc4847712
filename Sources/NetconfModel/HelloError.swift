/// Why a client `<hello>` was refused (RFC 6241 §8.1).
public struct HelloError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// The message is not a `<hello>` in the base namespace.
        case notHello
        /// A client must not send a session-id.
        case containsSessionID
        /// No `<capabilities>` element.
        case missingCapabilities
        /// A `<capability>` with no URI in it.
        case emptyCapability
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
