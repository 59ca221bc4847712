/// Why the engine refused a configuration or an operation.
public struct EngineError: Error, Hashable, Sendable {
    public enum Code: Int, Hashable, Sendable, Comparable {
        /// A socket could not be bound (address not on this host, port in
        /// use, permission, unknown device).
        case bindFailed
        /// An association names a key that is not configured.
        case unknownKey
        /// Two associations share a name.
        case duplicateAssociation
        /// A value the engine cannot use (bad port, version, stratum, key).
        case invalidValue
        /// The prepared change is unknown or was superseded.
        case unknownPreparedChange
        /// The engine has been shut down.
        case shutDown
        /// The engine's thread could not be started.
        case cannotStart

        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public let code: Code
    /// A sentence for an operator, naming the offending item.
    public let message: String
    /// The OS error number, for `bindFailed`.
    public let errno: Int32?
    /// The socket that could not be bound, for `bindFailed`.
    public let binding: SocketBinding?
    /// The OS's reason, for `bindFailed`.
    public let reason: String?

    private init(code: Code, message: String, errno: Int32? = nil, binding: SocketBinding? = nil, reason: String? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
        self.binding = binding
        self.reason = reason
    }

    public static func bindFailed(_ binding: SocketBinding, errno: Int32, reason: String) -> EngineError {
        EngineError(code: .bindFailed, message: "cannot bind \(binding): \(reason)", errno: errno, binding: binding, reason: reason)
    }

    public static func unknownKey(_ keyID: UInt32, association: String) -> EngineError {
        EngineError(code: .unknownKey, message: "association \(association) uses key \(keyID), which is not configured")
    }

    public static func duplicateAssociation(_ name: String) -> EngineError {
        EngineError(code: .duplicateAssociation, message: "association \(name) is configured twice")
    }

    public static func invalidValue(_ message: String) -> EngineError {
        EngineError(code: .invalidValue, message: message)
    }

    public static func cannotStart(_ message: String) -> EngineError {
        EngineError(code: .cannotStart, message: message)
    }

    public static let unknownPreparedChange = EngineError(code: .unknownPreparedChange, message: "no such prepared configuration")
    public static let shutDown = EngineError(code: .shutDown, message: "the engine has been shut down")
}

extension EngineError: CustomStringConvertible {
    public var description: String { "EngineError.\(code): \(message)" }
}
