internal import CLibSSH
import Glibc

/// One listening `ssh_bind`, freed in `deinit` (which closes the listening socket).
final class SSHBind {
    private let pointer: OpaquePointer
    /// The listening socket, non-blocking.
    let fd: Int32

    /// Binds and listens on `address` with the given host keys.
    init(_ address: SSHServerConfiguration.ListenAddress, hostKeyPaths: [String]) throws(SSHError) {
        guard let bind = ssh_bind_new() else { throw .bindFailed("cannot allocate listener for \(address)") }
        var port = UInt32(address.port)
        var noConfig = false
        var ok = ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &noConfig) == SSH_OK
        ok = ok && ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDADDR, address.host) == SSH_OK
        ok = ok && ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDPORT, &port) == SSH_OK
        for path in hostKeyPaths where ok {
            ok = ssh_bind_options_set(bind, SSH_BIND_OPTIONS_HOSTKEY, path) == SSH_OK
        }
        guard ok, ssh_bind_listen(bind) == SSH_OK else {
            let reason = String(cString: ssh_get_error(UnsafeMutableRawPointer(bind)))
            ssh_bind_free(bind)
            throw .bindFailed("cannot listen on \(address): \(reason)")
        }
        pointer = bind
        fd = ssh_bind_get_fd(bind)
        // libssh leaves the listening socket blocking; accepting until EAGAIN needs it not to.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        // libssh listens with a backlog of 10: a burst of clients would see SYNs dropped
        // and retried for seconds. Listening again only raises the backlog.
        _ = Glibc.listen(fd, SOMAXCONN)
    }

    deinit {
        ssh_bind_free(pointer)
    }

    /// Hands an accepted socket to `session` (host keys, server side). On success the
    /// session owns the descriptor: freeing the session closes it.
    func accept(_ socket: Int32, into session: SSHSession) -> Result<Void, SSHError> {
        let rc = session.withPointer { ssh_bind_accept_fd(pointer, $0, socket) }
        guard rc == SSH_OK else {
            return .failure(.eventLoop(String(cString: ssh_get_error(UnsafeMutableRawPointer(pointer)))))
        }
        return .success(())
    }
}
