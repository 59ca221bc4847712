internal import CLibSSH

/// A blocking libssh client connection with one channel on the `netconf` subsystem: connect,
/// check the host key against a known-hosts file (OpenSSH format), log in with a key file or a
/// password, then read and write bytes. One thread only (the CLI's).
public final class SSHClientConnection {
    private let session: OpaquePointer
    private var channel: OpaquePointer?

    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var user: String
        public var knownHostsFile: String
        public var timeoutSeconds: Int = 30

        public init(host: String, port: Int, user: String, knownHostsFile: String) {
            self.host = host
            self.port = port
            self.user = user
            self.knownHostsFile = knownHostsFile
        }
    }

    /// Credentials: a private key file, or a password (never logged or printed).
    public enum Credential: Sendable {
        case keyFile(String)
        case password(String)
    }

    public init(options: Options, credential: () -> Credential, firstUse: FirstUseDecision) throws(SSHError) {
        guard let session = ssh_new() else { throw SSHError(.connect, "cannot allocate an SSH session") }
        self.session = session
        try configure(options)
        guard ssh_connect(session) == SSH_OK else { throw SSHError(.connect, "cannot connect to \(options.host) port \(options.port): \(lastError)") }
        try verifyHostKey(options, firstUse: firstUse)
        try authenticate(user: options.user, credential: credential())
        try openSubsystem("netconf")
    }

    deinit {
        if let channel {
            ssh_channel_send_eof(channel)
            ssh_channel_close(channel)
            ssh_channel_free(channel)
        }
        ssh_disconnect(session)
        ssh_free(session)
    }

    private var lastError: String {
        PeerText.escaped(ssh_get_error(UnsafeMutableRawPointer(session)), keepingSpaces: true)
    }

    private func configure(_ options: Options) throws(SSHError) {
        var port = UInt32(options.port)
        var timeout = options.timeoutSeconds
        var processConfig = false
        let ok = ssh_options_set(session, SSH_OPTIONS_HOST, options.host) == 0
            && ssh_options_set(session, SSH_OPTIONS_PORT, &port) == 0
            && ssh_options_set(session, SSH_OPTIONS_USER, options.user) == 0
            && ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, options.knownHostsFile) == 0
            && ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") == 0
            && ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout) == 0
            && ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &processConfig) == 0
        guard ok else { throw SSHError(.connect, "bad SSH options: \(lastError)") }
    }

    private func verifyHostKey(_ options: Options, firstUse: FirstUseDecision) throws(SSHError) {
        let check = HostKeyCheck(fingerprint: try fingerprint(), knownHostsFile: options.knownHostsFile,
                                 host: options.host, port: options.port)
        switch ssh_session_is_known_server(session) {
        case SSH_KNOWN_HOSTS_OK:
            return
        case SSH_KNOWN_HOSTS_CHANGED, SSH_KNOWN_HOSTS_OTHER:
            throw SSHError(.hostKeyChanged, "the host key of \(options.host) port \(options.port) has changed "
                + "(now \(check.fingerprint)); it does not match \(options.knownHostsFile): refusing to connect")
        case SSH_KNOWN_HOSTS_UNKNOWN, SSH_KNOWN_HOSTS_NOT_FOUND:
            guard firstUse(check) else {
                throw SSHError(.hostKeyUnknown, "the host key of \(options.host) port \(options.port) "
                    + "(\(check.fingerprint)) is not in \(options.knownHostsFile)")
            }
            guard ssh_session_update_known_hosts(session) == SSH_OK else {
                throw SSHError(.hostKeyUnknown, "cannot record the host key in \(options.knownHostsFile): \(lastError)")
            }
        default:
            throw SSHError(.hostKeyUnknown, "cannot check the host key: \(lastError)")
        }
    }

    private func fingerprint() throws(SSHError) -> String {
        var key: OpaquePointer?
        guard ssh_get_server_publickey(session, &key) == SSH_OK, let key else {
            throw SSHError(.connect, "no host key from the server: \(lastError)")
        }
        defer { ssh_key_free(key) }
        var hash: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == 0, let hash else {
            throw SSHError(.connect, "cannot hash the host key")
        }
        defer {
            var owned: UnsafeMutablePointer<UInt8>? = hash
            ssh_clean_pubkey_hash(&owned)
        }
        guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length) else { return "SHA256:?" }
        defer { ssh_string_free_char(text) }
        return String(cString: text)
    }

    private func authenticate(user: String, credential: Credential) throws(SSHError) {
        switch credential {
        case .keyFile(let path):
            try PrivateKeyFile.checkPermissions(path)
            var key: OpaquePointer?
            guard ssh_pki_import_privkey_file(path, nil, nil, nil, &key) == SSH_OK, let key else {
                throw SSHError(.keyFile, "cannot load the private key \(path) (encrypted keys are not supported)")
            }
            defer { ssh_key_free(key) }
            guard ssh_userauth_publickey(session, nil, key) == SSH_AUTH_SUCCESS.rawValue else {
                throw SSHError(.authentication, "the server refused the key \(path) for \(user)")
            }
        case .password(let password):
            guard ssh_userauth_password(session, nil, password) == SSH_AUTH_SUCCESS.rawValue else {
                throw SSHError(.authentication, "the server refused the password for \(user)")
            }
        }
    }

    private func openSubsystem(_ name: String) throws(SSHError) {
        guard let channel = ssh_channel_new(session) else { throw SSHError(.channel, "cannot allocate a channel") }
        self.channel = channel
        guard ssh_channel_open_session(channel) == SSH_OK else { throw SSHError(.channel, "cannot open a channel: \(lastError)") }
        guard ssh_channel_request_subsystem(channel, name) == SSH_OK else {
            throw SSHError(.channel, "the server refused the \(name) subsystem: \(lastError)")
        }
    }

    /// Writes every byte (libssh waits for the window).
    public func write(_ bytes: [UInt8]) throws(SSHError) {
        guard let channel else { throw SSHError(.io, "no channel") }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { ssh_channel_write(channel, $0.baseAddress, UInt32($0.count)) }
            guard written > 0 else { throw SSHError(.io, "write failed: \(lastError)") }
            offset += Int(written)
        }
    }

    /// How long a read waits for the server (a commit that binds sockets takes well under this).
    public static let readTimeoutMilliseconds: Int32 = 120_000

    /// Waits for bytes; empty at end of stream; an error when nothing comes within the timeout.
    public func read() throws(SSHError) -> [UInt8] {
        guard let channel else { throw SSHError(.io, "no channel") }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes {
            ssh_channel_read_timeout(channel, $0.baseAddress, UInt32($0.count), 0, Self.readTimeoutMilliseconds)
        }
        if count < 0 { throw SSHError(.io, "read failed: \(lastError)") }
        if count > 0 { return Array(buffer.prefix(Int(count))) }
        if ssh_channel_is_eof(channel) != 0 || ssh_channel_is_open(channel) == 0 { return [] }
        throw SSHError(.io, "no answer from the server within \(Self.readTimeoutMilliseconds / 1_000) s")
    }
}
