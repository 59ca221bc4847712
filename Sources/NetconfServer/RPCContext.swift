public import AccessControl
public import Datastore
public import NetconfModel

/// What an operation handler knows about the session that sent the request.
public struct RPCContext: Sendable {
    public let sessionID: SessionID
    public let user: String
    /// The client's address (no port), as RFC 6470's `source-host`; empty for an in-process
    /// transport that has none.
    public var sourceHost: String = ""
    /// The base protocol version the session negotiated; a `:base:1.0` session gets
    /// `:confirmed-commit:1.0` (RFC 4741: no persist, no cancel-commit).
    public var baseVersion: NetconfBaseVersion = .base11
    /// Whether the session is still open; check it in the same step that grants the session
    /// anything that outlives the request.
    public var isOpen: @Sendable () -> Bool = { true }
    /// What NACM lets the session's user do, as of this request (RFC 8341; unrestricted when
    /// the server enforces no access control).
    public var rights: UserRights = .unrestricted
}

extension RPCContext {
    /// The session as the commit history records a commit's author.
    public var commitAuthor: CommitAuthor {
        CommitAuthor(user: user, sessionID: sessionID.rawValue, sourceHost: sourceHost)
    }
}
