/// What the client knows about the server's host key before logging in, and what the user
/// (or a command-line option) decides about a key seen for the first time.
public struct HostKeyCheck: Sendable {
    /// `SHA256:...`, as OpenSSH prints it.
    public let fingerprint: String
    /// The known-hosts file the key was looked up in and would be added to.
    public let knownHostsFile: String
    public let host: String
    public let port: Int
}

/// Called for a key not in the known-hosts file: return true to trust it (it is then added
/// to the file). A key that differs from the recorded one is refused without asking.
public typealias FirstUseDecision = (HostKeyCheck) -> Bool
