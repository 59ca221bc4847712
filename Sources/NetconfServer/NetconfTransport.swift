public import SSHTransport

/// What `NetconfServer` needs from the transport carrying its sessions. `SSHServer` is the
/// real one; tests drive the server through an in-memory transport.
public protocol NetconfTransport: AnyObject, Sendable {
    /// Queues bytes for a connection. Called on the transport's thread only.
    func write(_ id: ConnectionID, _ bytes: [UInt8])
    /// Flushes and closes a connection. Called on the transport's thread only.
    func close(_ id: ConnectionID, reason: String)
    /// Runs `work` on the transport's thread.
    func schedule(_ work: @escaping @Sendable () -> Void)
    /// Stops (true) or resumes (false) reading a connection's input: the session has more
    /// unprocessed input than it may queue. Called on the transport's thread only.
    func setInputPaused(_ id: ConnectionID, _ paused: Bool)
    /// Bytes written to a connection and not yet sent (the client is not reading). Called on
    /// the transport's thread only.
    func pendingOutput(_ id: ConnectionID) -> Int
}

extension NetconfTransport {
    public func setInputPaused(_ id: ConnectionID, _ paused: Bool) {}
    public func pendingOutput(_ id: ConnectionID) -> Int { 0 }
}

extension SSHServer: NetconfTransport {}
