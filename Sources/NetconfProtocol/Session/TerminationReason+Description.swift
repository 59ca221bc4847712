extension TerminationReason: CustomStringConvertible {
    /// A one-line account for logs.
    public var description: String {
        switch self {
        case .closeSession: "the client closed the session"
        case .killed(let killer): "killed by session \(killer.rawValue)"
        case .noCommonBaseVersion: "the client shares no NETCONF base version with the server"
        case .badHello(let detail): "bad hello: \(detail)"
        case .framingError(let error): "framing error: \(error.description)"
        case .peerClosed: "the client closed the channel"
        case .idleTimeout: "idle timeout"
        case .inputBacklogExceeded: "the client sent too much while its requests were queued"
        case .serverShutdown: "the server is shutting down"
        case .transportFailure(let detail): "transport failure: \(detail)"
        }
    }
}
