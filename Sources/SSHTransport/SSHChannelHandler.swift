/// Receives the byte streams of accepted `netconf` subsystem channels.
///
/// Every method is called on the SSH reactor thread, one call at a time, and may call
/// `SSHServer.write`/`close` directly. Long work must be moved elsewhere and its result
/// handed back with `SSHServer.schedule`.
public protocol SSHChannelHandler: AnyObject, Sendable {
    /// The client authenticated as `user` and asked for the netconf subsystem; the
    /// request has been accepted. Return false to close the connection at once
    /// (for example when the session limit is reached).
    func channelOpened(_ id: ConnectionID, user: String, peer: String) -> Bool
    /// Bytes arrived on the channel.
    func channelReceived(_ id: ConnectionID, _ bytes: UnsafeRawBufferPointer)
    /// The client sent EOF: no more input will come, but replies may still be written.
    /// The handler closes the connection when it has answered everything.
    func channelInputEnded(_ id: ConnectionID)
    /// The connection is gone (peer closed, error, timeout, or `close` completed).
    func channelClosed(_ id: ConnectionID, reason: String)
}
