public import NetconfModel

/// What an operation handler knows about the session that sent the request.
public struct RPCContext: Sendable {
    public let sessionID: SessionID
    public let user: String
}
