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
}

extension SSHServer: NetconfTransport {}
