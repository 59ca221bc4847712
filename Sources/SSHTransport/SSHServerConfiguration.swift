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
    /// Failed authentication attempts (passwords, keys that are not authorized, other
    /// methods) before disconnecting; requests past it are never checked.
    public var maxAuthTries: Int = 6
    /// How long after its check began a failed password is answered, whatever failed
    /// (unknown user, key-only user, wrong password). A timer, not a sleeping thread.
    public var authFailureDelay: Duration = .seconds(1)
    /// Time from TCP accept until the netconf subsystem must be running.
    public var loginGraceTime: Duration = .seconds(30)
    /// Close a channel after this long without input; nil disables.
    public var idleTimeout: Duration? = .seconds(3600)
    /// Connections not yet authenticated, as OpenSSH's `MaxStartups`: random early drop
    /// from `start`, all refused at `full`.
    public var maxStartups: MaxStartups = .default
    /// Connections not yet authenticated from one address (OpenSSH's `PerSourceMaxStartups`);
    /// nil: no limit. Kept below `maxStartups.start`, one address alone cannot make others
    /// see random early drop.
    public var perSourceMaxStartups: Int? = SSHServerConfiguration.defaultPerSourceMaxStartups
    /// Threads that check passwords (never the reactor thread).
    public var passwordCheckThreads: Int = PasswordCheckPool.defaultThreads
    /// Output queued for a client that does not read; past this the connection is closed.
    public var maxPendingOutput: Int = 32 << 20

    public static let defaultPerSourceMaxStartups = 8

    public init(listen: [ListenAddress], hostKeyPaths: [String]) {
        self.listen = listen
        self.hostKeyPaths = hostKeyPaths
    }
}
