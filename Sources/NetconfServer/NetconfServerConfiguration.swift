/// Limits and advertised capabilities of the NETCONF layer.
public struct NetconfServerConfiguration: Sendable {
    /// NETCONF sessions that may be open at once; more are refused at subsystem start.
    public var maxSessions: Int = 1024
    /// Largest message accepted (RFC 6242 framing); larger ones end the session.
    public var maxMessageSize: Int = 16 << 20
    /// Largest reply sent, framing included; a larger one is replaced by an `<rpc-error>`
    /// `too-big` (the session goes on). Keep it below `SSHServerConfiguration.maxPendingOutput`
    /// (32 MiB), past which the transport drops a client that does not read.
    public var maxReplySize: Int = 16 << 20
    /// Unread input of an idle session, in bytes, that the SSH reactor may frame, parse and
    /// answer itself (requests that need a task still go to the session's worker); anything
    /// larger is handled off the reactor. Saves two thread hops per small RPC; bounds the
    /// reactor's work per step. 0: every message is handled off the reactor.
    public var maxInlineInput: Int = 16 << 10
    /// Capabilities sent in the server hello, besides base:1.0 and base:1.1.
    public var extraCapabilities: [String] = []

    public init() {}
}
