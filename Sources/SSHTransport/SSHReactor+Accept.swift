internal import CLibSSH
import Glibc

/// Accepting TCP connections: pre-login admission first, then a session and its machine.
extension SSHReactor {
    func acceptPending() {
        guard !acceptReady.isEmpty else { return }
        let ready = acceptReady
        acceptReady.removeAll()
        for bind in ready {
            // Bounded per turn so a connection storm cannot starve established sessions.
            for _ in 0..<32 {
                guard acceptOne(bind) else { break }
            }
        }
    }

    /// Accepts one TCP connection and, if admitted, starts its key exchange. The socket is
    /// accepted here rather than by `ssh_bind_accept`, so a refused connection is closed before
    /// libssh allocates anything for it. Once `SSHBind.accept` succeeds the session owns
    /// the descriptor (freeing it closes it). False when nothing is left to accept.
    private func acceptOne(_ bind: SSHBind) -> Bool {
        let fd = Glibc.accept(bind.fd, nil, nil)
        if fd < 0 { return errno == ECONNABORTED || errno == EINTR }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let source = PeerAddress.host(fd: fd)
        let decision = admission.admit(from: source, using: &random)
        guard decision == .admit else {
            refusals.record(decision)
            logger.debug("refused connection before login", metadata: [
                "peer": "\(PeerAddress.describe(fd: fd))", "why": "\(decision)",
                "logging-in": "\(admission.total)", "from-source": "\(admission.count(from: source))",
            ])
            Glibc.close(fd)
            return true
        }
        guard let session = SSHSession() else {
            admission.release(from: source)
            Glibc.close(fd)
            return true
        }
        if case .failure(let error) = bind.accept(fd, into: session) {
            logger.info("cannot set up an accepted connection", metadata: ["error": "\(error)"])
            admission.release(from: source)
            // Not handed over: the session will not close it when it is freed.
            if session.fd != fd { Glibc.close(fd) }
            return true
        }
        // NETCONF is request/reply: without TCP_NODELAY a reply's last segment can wait
        // for the client's delayed ACK (tens of milliseconds).
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let peer = PeerAddress.describe(fd: fd)
        // No server callbacks until the user has logged in: libssh then queues service and
        // user-auth requests as messages the reactor owns and answers later
        // (SSHReactor+Login.swift); the callbacks are installed at login.
        session.configureServerSide(trace: logger.logLevel <= .trace)
        let connection = SSHConnection(
            id: ConnectionID(rawValue: nextID), session: session, peer: peer, source: source,
            machine: SSHConnectionMachine(limits: limits, now: now))
        nextID += 1
        connectionsBySession[session.callbackKey] = connection
        connectionsByID[connection.id] = connection
        logger.debug("accepted", metadata: ["conn": "\(connection.id)", "peer": "\(peer)", "fd": "\(fd)"])
        perform(connection.machine.start(), on: connection)
        touch(connection)
        return true
    }

    /// Runs `startKeyExchange`: libssh sends its banner and the poll event drives the rest.
    func startKeyExchange(_ connection: SSHConnection) {
        guard connection.session.startKeyExchange(), let event = SSHSessionEvent(connection.session) else {
            logger.info("key exchange could not start", metadata: ["peer": "\(connection.peer)"])
            perform(connection.machine.keyExchangeFailed(reason: "key exchange could not start"), on: connection)
            return
        }
        connection.event = event
    }
}
