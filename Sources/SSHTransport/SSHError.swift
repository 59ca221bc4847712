/// Errors raised while setting up the SSH side of the daemon (binding, host keys, key files),
/// and by the client side (`SSHClientConnection`: connect, host key check, login, channel).
public struct SSHError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case bindFailed
        case hostKey
        case publicKey
        case eventLoop
        // Client side.
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

    static func bindFailed(_ message: String) -> SSHError { SSHError(code: .bindFailed, message: message) }
    static func hostKey(_ message: String) -> SSHError { SSHError(code: .hostKey, message: message) }
    static func publicKey(_ message: String) -> SSHError { SSHError(code: .publicKey, message: message) }
    static func eventLoop(_ message: String) -> SSHError { SSHError(code: .eventLoop, message: message) }

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    init(_ code: Code, _ message: String) {
        self.init(code: code, message: message)
    }
}
