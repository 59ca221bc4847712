internal import CLibSSH

/// One server-side `ssh_session`, freed in `deinit` (`ssh_free` also closes the socket it
/// owns and frees the channels libssh still lists). Whatever must go before the session
/// (its channel, its poll event, its held messages) holds a strong reference to it, so the
/// session is always freed last. Reactor thread only.
final class SSHSession {
    private let pointer: OpaquePointer

    init?() {
        guard let pointer = ssh_new() else { return nil }
        self.pointer = pointer
    }

    deinit {
        ssh_free(pointer)
    }

    /// Lends the pointer to a libssh call on this thread; never keep it.
    func withPointer<R>(_ body: (OpaquePointer) -> R) -> R { body(pointer) }

    /// Finds the connection a callback is about (callbacks get the raw session); never
    /// passed to libssh.
    var callbackKey: OpaquePointer { pointer }

    var fd: Int32 { ssh_get_fd(pointer) }

    /// libssh saw the connection end (peer closed, or a protocol or socket error).
    var isClosed: Bool { ssh_get_status(pointer) & (SSH_CLOSED | SSH_CLOSED_ERROR) != 0 }

    /// libssh has bytes waiting for the socket to become writable.
    var hasOutputPending: Bool { ssh_get_poll_flags(pointer) & SSH_WRITE_PENDING != 0 }

    /// Why the session ended, escaped for logs (libssh's text can quote the peer).
    var endDescription: String {
        var detail = PeerText.escaped(ssh_get_error(UnsafeMutableRawPointer(pointer)), keepingSpaces: true)
        if let message = ssh_get_disconnect_message(pointer) {
            detail += " (peer said: \(PeerText.escaped(message, keepingSpaces: true)))"
        }
        return detail.isEmpty ? "peer disconnected" : "peer disconnected: \(detail)"
    }

    /// The client's version banner, escaped for logs.
    var clientBanner: String { PeerText.escaped(ssh_get_clientbanner(pointer)) }

    /// Non-blocking, password and public-key auth offered, libssh's packet log if `trace`.
    func configureServerSide(trace: Bool) {
        ssh_set_blocking(pointer, 0)
        if trace {
            var verbosity = Int32(SSH_LOG_PACKET)
            _ = ssh_options_set(pointer, SSH_OPTIONS_LOG_VERBOSITY, &verbosity)
        }
        ssh_set_auth_methods(pointer, Int32(SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY))
    }

    /// Starts (non-blocking) the key exchange; the poll event drives it on.
    func startKeyExchange() -> Bool {
        let rc = ssh_handle_key_exchange(pointer)
        return rc == SSH_OK || rc == SSH_AGAIN
    }

    /// The next service or user-auth request libssh queued (no server callbacks yet).
    func nextMessage() -> SSHMessage? {
        ssh_message_get(pointer).map { SSHMessage($0, session: self) }
    }

    /// From now on libssh reports channel requests through `callbacks`, which must outlive
    /// the session.
    func install(_ callbacks: UnsafeMutablePointer<ssh_server_callbacks_struct>) {
        _ = ssh_set_server_callbacks(pointer, callbacks)
    }

    /// Sends SSH_MSG_DISCONNECT and closes the socket, if it is still open. libssh frees the
    /// session's channels here: release every `SSHChannel` first.
    func disconnect() {
        if ssh_get_fd(pointer) >= 0 { ssh_disconnect(pointer) }
    }
}
