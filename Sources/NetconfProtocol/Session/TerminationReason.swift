public import NetconfModel

/// Why a session ended.
public enum TerminationReason: Sendable, Equatable {
    /// The client sent `<close-session>` and was answered `<ok/>`.
    case closeSession
    /// Another session's `<kill-session>` ended this one.
    case killed(by: SessionID)
    /// The client's `<hello>` named neither base version the server speaks.
    case noCommonBaseVersion
    /// The first message was not a valid client `<hello>`, or a `<hello>` came later.
    case badHello(String)
    /// The byte stream broke RFC 6242 framing.
    case framingError(FramingError)
    /// The client closed its side of the channel.
    case peerClosed
    /// The session was idle longer than the server allows (decided by the shell's clock).
    case idleTimeout
    /// The client kept sending while its pipeline was full and the unread input outgrew the limit.
    case inputBacklogExceeded
    /// The server is shutting down.
    case serverShutdown
    /// The transport failed underneath the session.
    case transportFailure(String)
}
