public import NetconfModel

/// How an operation is run.
public enum RPCHandler: Sendable {
    /// Runs on the SSH reactor thread, where the session table lives, and must be quick
    /// (session operations such as kill-session).
    case session(@Sendable (RPCRequest, RPCContext, any SessionControl) -> RPCReplyContent)
    /// Runs in the session's worker task (datastore work); its reply is handed back to the
    /// session in order.
    case task(@Sendable (RPCRequest, RPCContext) async -> RPCReplyContent)
    /// `answer` runs in the session's worker and replies at once when it can (a read the
    /// datastore has published); when it returns nil, `task` runs as for ``task(_:)``.
    case answerOrTask(
        answer: @Sendable (RPCRequest, RPCContext) -> RPCReplyContent?,
        task: @Sendable (RPCRequest, RPCContext) async -> RPCReplyContent)
}

/// What session operations may do to other sessions; reactor thread only.
public protocol SessionControl {
    func sessionExists(_ id: SessionID) -> Bool
    func kill(_ id: SessionID, by killer: SessionID)
}
