internal import CLibSSH
import Glibc

/// Login: the service and user-auth requests of connections that have not authenticated.
///
/// Until login a session has no server callbacks, so libssh queues these requests as
/// `ssh_message`s; the reactor takes them after each poll turn (`ssh_message_get`, which
/// does not block on a non-blocking session), keeps them, and answers when
/// `UserAuthStateMachine` says so: after a password was checked on the `PasswordCheckPool`,
/// after a failure was held back, in the order they came. libssh's callback API would have
/// to answer before the callback returns, with the password hashed on this thread.
/// `gssapi-with-mic` requests never reach us: libssh answers them itself (with a failure, as
/// the method is not offered).
extension SSHReactor {
    /// Takes every request libssh has queued for `connection` and acts on it.
    func receiveLoginMessages(_ connection: SSHConnection) {
        while connection.phase == .authenticating, connection.needsDisconnect == nil,
            connectionsByID[connection.id] === connection,
            let raw = ssh_message_get(connection.session)
        {
            let message = SSHMessage(raw)
            switch ssh_message_type(raw) {
            case Int32(SSH_REQUEST_SERVICE.rawValue):
                receiveServiceRequest(message, connection)
            case Int32(SSH_REQUEST_AUTH.rawValue):
                receiveAuthRequest(message, connection)
            default:
                // Channels and global requests before login: refused (libssh refuses channel
                // opens before login itself).
                _ = ssh_message_reply_default(raw)
            }
        }
    }

    private func receiveServiceRequest(_ message: SSHMessage, _ connection: SSHConnection) {
        let name = ssh_message_service_service(message.pointer).map { String(cString: $0) } ?? ""
        guard name == "ssh-userauth" || name == "ssh-connection" else {
            logger.notice("refused SSH service", metadata: [
                "conn": "\(connection.id)", "service": "\(PeerText.escaped(name))", "peer": "\(connection.peer)",
            ])
            connection.needsDisconnect = "refused SSH service"
            return
        }
        _ = ssh_message_service_reply_success(message.pointer)
    }

    private func receiveAuthRequest(_ message: SSHMessage, _ connection: SSHConnection) {
        let raw = message.pointer
        let user = ssh_message_auth_user(raw).map { String(cString: $0) } ?? ""
        var method = UserAuthStateMachine.Method.unsupported
        var password: String?
        var key: SSHPublicKey?
        switch UInt32(bitPattern: ssh_message_subtype(raw)) {
        case UInt32(SSH_AUTH_METHOD_NONE):
            method = .none
        case UInt32(SSH_AUTH_METHOD_PASSWORD):
            method = .password
            password = meridian_ssh_message_auth_password(raw).map { String(cString: $0) } ?? ""
        case UInt32(SSH_AUTH_METHOD_PUBLICKEY):
            // NONE: the client asks whether the key would do; VALID: libssh verified the
            // signature. A bad signature never gets here (libssh drops the request).
            let state = meridian_ssh_message_auth_publickey_state(raw)
            if let offered = meridian_ssh_message_auth_pubkey(raw).flatMap(SSHKeyExport.publicKey) {
                key = offered
                if state == Int32(SSH_PUBLICKEY_STATE_NONE.rawValue) { method = .publicKeyQuery }
                if state == Int32(SSH_PUBLICKEY_STATE_VALID.rawValue) { method = .publicKeySigned }
            }
        default:
            break
        }
        let id = connection.nextAuthRequestID
        connection.nextAuthRequestID += 1
        connection.authRequests[id] = PendingAuthRequest(message: message, user: user, method: method, password: password, key: key)
        perform(connection.auth.received(id, method, now: .now), on: connection)
    }

    /// Executes what the machine decided, in order.
    func perform(_ actions: [UserAuthStateMachine.Action], on connection: SSHConnection) {
        for action in actions {
            switch action {
            case .verifyPassword(let id):
                checkPassword(id, connection)
            case .verifyKey(let id):
                let request = connection.authRequests[id]
                let accepted = request.flatMap { request in
                    request.key.map { authenticator.isAuthorized(user: request.user, key: $0) }
                } ?? false
                perform(connection.auth.verified(id, accepted: accepted, now: .now), on: connection)
            case .replySuccess(let id):
                guard let request = connection.authRequests.removeValue(forKey: id) else { continue }
                _ = ssh_message_auth_reply_success(request.message.pointer, 0)
                loggedIn(connection, request)
            case .replyKeyAcceptable(let id):
                guard let request = connection.authRequests.removeValue(forKey: id) else { continue }
                _ = ssh_message_auth_reply_pk_ok_simple(request.message.pointer)
            case .replyFailure(let id, let counted):
                guard let request = connection.authRequests.removeValue(forKey: id) else { continue }
                _ = ssh_message_reply_default(request.message.pointer)
                if counted { logFailure(connection, request) }
            case .discard(let id):
                connection.authRequests.removeValue(forKey: id)
            case .wake:
                break
            case .disconnect(let reason):
                connection.needsDisconnect = reason
            }
        }
        loginWakeups[connection.id] = connection.auth.wakeTime
        touch(connection)
    }

    private func checkPassword(_ id: UserAuthStateMachine.RequestID, _ connection: SSHConnection) {
        guard let request = connection.authRequests[id] else { return }
        let ticket = PasswordCheckPool.Ticket()
        let user = request.user, password = request.password ?? "", connectionID = connection.id
        let authenticator = self.authenticator
        logger.debug("checking password", metadata: ["conn": "\(connection.id)", "user": "\(PeerText.escaped(user))"])
        let queued = passwordChecks.submit { [self] in
            guard !ticket.isCancelled else { return }
            // Unknown and key-only users cost a hash too (the authenticator hashes a decoy).
            let accepted = authenticator.verifyPassword(user: user, password: password)
            schedule { [self] in passwordChecked(connectionID, id, accepted: accepted) }
        }
        guard queued else {
            logger.warning("password checks are backed up: dropping the connection", metadata: ["conn": "\(connection.id)"])
            connection.needsDisconnect = "password checks backed up"
            return
        }
        connection.passwordCheck = ticket
    }

    /// A password check finished on the pool (run on the reactor thread through `schedule`).
    private func passwordChecked(_ connectionID: ConnectionID, _ id: UserAuthStateMachine.RequestID, accepted: Bool) {
        guard let connection = connectionsByID[connectionID], connection.phase == .authenticating else { return }
        connection.passwordCheck = nil
        perform(connection.auth.verified(id, accepted: accepted, now: .now), on: connection)
    }

    /// Answers the failures whose delay is over.
    func fireLoginWakeups(now: ContinuousClock.Instant) {
        for (id, due) in loginWakeups where due <= now {
            guard let connection = connectionsByID[id], connection.phase == .authenticating else {
                loginWakeups[id] = nil
                continue
            }
            perform(connection.auth.timerFired(now: now), on: connection)
        }
    }

    private func loggedIn(_ connection: SSHConnection, _ request: PendingAuthRequest) {
        connection.phase = .authenticated
        connection.user = request.user
        endLogin(connection)
        // From now on channel requests are handled by callbacks (SSHCallbacks).
        _ = ssh_set_server_callbacks(connection.session, serverCallbacks)
        logger.info("user authenticated", metadata: [
            "conn": "\(connection.id)", "user": "\(PeerText.escaped(request.user))", "method": "\(request.methodName)",
            "peer": "\(connection.peer)", "client": "\(PeerText.escaped(ssh_get_clientbanner(connection.session)))",
        ])
    }

    private func logFailure(_ connection: SSHConnection, _ request: PendingAuthRequest) {
        logger.notice("authentication failed", metadata: [
            "conn": "\(connection.id)", "user": "\(PeerText.escaped(request.user))", "method": "\(request.methodName)",
            "peer": "\(connection.peer)", "client": "\(PeerText.escaped(ssh_get_clientbanner(connection.session)))",
            "failures": "\(connection.auth.failures)",
        ])
    }

    /// The connection logged in or ends: it leaves the admission count, its pending check
    /// is called off, and the messages it held are freed.
    func endLogin(_ connection: SSHConnection) {
        connection.passwordCheck?.cancel()
        connection.passwordCheck = nil
        connection.authRequests.removeAll()
        loginWakeups[connection.id] = nil
        if connection.countsAsLoggingIn {
            connection.countsAsLoggingIn = false
            admission.release(from: connection.source)
        }
    }

    /// One summary line for connections refused at accept, at most every 10 s.
    func logRefusals(now: ContinuousClock.Instant) {
        guard let summary = refusals.summary(now: now, every: .seconds(10)) else { return }
        logger.warning("refused connections before login", metadata: [
            "per-source-limit": "\(summary.perSource)", "max-startups-full": "\(summary.full)",
            "max-startups-early-drop": "\(summary.earlyDrop)", "logging-in": "\(admission.total)",
            "max-startups": "\(admission.maxStartups)", "per-source-max-startups": "\(admission.perSource.map(String.init) ?? "none")",
        ])
    }
}
