public import NetconfModel

/// What the shell must do after feeding an input to ``NetconfSessionStateMachine``; execute the
/// actions in order.
public enum SessionAction: Sendable, Equatable {
    /// Send these already-framed bytes to the client.
    case write([UInt8])
    /// Execute this request and call ``NetconfSessionStateMachine/replyReady(_:)`` with the
    /// outcome. At most one request is dispatched at a time.
    case dispatch(RPCRequest)
    /// Close the channel after the writes before it; the session is over.
    case close(TerminationReason)
}
