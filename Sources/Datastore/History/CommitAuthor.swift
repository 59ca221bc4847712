/// Who made a commit: the NETCONF user, session and client address, or the agent itself
/// (a confirmed commit's timeout, a load at start).
public struct CommitAuthor: Sendable, Hashable {
    public var user: String
    /// The session that sent the commit; nil for the agent's own commits.
    public var sessionID: UInt32?
    /// The client's address (RFC 6470 `source-host`); empty when there is none.
    public var sourceHost: String

    public init(user: String, sessionID: UInt32?, sourceHost: String) {
        self.user = user
        self.sessionID = sessionID
        self.sourceHost = sourceHost
    }

    /// The agent itself: a timeout, the end of a session, a restart.
    public static let agent = CommitAuthor(user: "meridiand", sessionID: nil, sourceHost: "")
}
