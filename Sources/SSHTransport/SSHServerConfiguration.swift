/// Where and how the SSH server listens, and the limits it enforces per connection.
public struct SSHServerConfiguration: Sendable {
    public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: UInt16
        public init(host: String, port: UInt16) {
            self.host = host
            self.port = port
        }
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    public var listen: [ListenAddress]
    /// Paths of private host keys (OpenSSH format); one per key type.
    public var hostKeyPaths: [String]
    /// Failed authentication attempts (passwords, and keys that are not authorized) before disconnecting.
    public var maxAuthTries: Int = 6
    /// Time from TCP accept until the netconf subsystem must be running.
    public var loginGraceTime: Duration = .seconds(30)
    /// Close a channel after this long without input; nil disables.
    public var idleTimeout: Duration? = .seconds(3600)
    /// Connections not yet authenticated that may exist at once; more are dropped at accept.
    public var maxUnauthenticated: Int = 256
    /// Output queued for a client that does not read; past this the connection is closed.
    public var maxPendingOutput: Int = 32 << 20

    public init(listen: [ListenAddress], hostKeyPaths: [String]) {
        self.listen = listen
        self.hostKeyPaths = hostKeyPaths
    }
}
