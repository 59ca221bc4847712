internal import CLibSSH
import Glibc

/// Login: the service and user-auth requests of connections that have not authenticated.
///
/// Until login a session has no server callbacks, so libssh queues these requests as
/// `ssh_message`s; the reactor takes them after each poll turn (`ssh_message_get`, which
/// does not block on a non-blocking session), keeps them, and answers when the connection
/// machine says so: after a password was checked on the `PasswordCheckPool`, after a
/// failure was held back, in the order they came. libssh's callback API would have to
/// answer before the callback returns, with the password hashed on this thread.
/// `gssapi-with-mic` requests never reach us: libssh answers them itself (with a failure, as
/// the method is not offered).
extension SSHReactor {
    /// Takes every request libssh has queued for `connection` and acts on it.
    func receiveLoginMessages(_ connection: SSHConnection) {
        while connection.machine.isLoggingIn, connectionsByID[connection.id] === connection,
            let message = connection.session.nextMessage()
        {
            switch message.withPointer(ssh_message_type) {
            case Int32(SSH_REQUEST_SERVICE.rawValue):
                receiveServiceRequest(message, connection)
            case Int32(SSH_REQUEST_AUTH.rawValue):
                receiveAuthRequest(message, connection)
            case let type:
                // Channel opens and global requests before login: the machine counts them;
                // each is refused here, where the message is.
                let actions = connection.machine.receiveOtherLoginMessage(Self.messageKind(type))
                if actions.contains(where: { if case .refuseLoginMessage = $0 { true } else { false } }) {
                    _ = message.withPointer(ssh_message_reply_default)
                }
                perform(actions, on: connection)
            }
        }
    }

    /// A name for a libssh message type, for the log.
    private static func messageKind(_ type: Int32) -> String {
        switch type {
        case Int32(SSH_REQUEST_CHANNEL_OPEN.rawValue): "channel-open"
        case Int32(SSH_REQUEST_CHANNEL.rawValue): "channel-request"
        case Int32(SSH_REQUEST_GLOBAL.rawValue): "global-request"
        default: "message type \(type)"
        }
    }

    private func receiveServiceRequest(_ message: SSHMessage, _ connection: SSHConnection) {
        let name = message.withPointer(ssh_message_service_service).map { String(cString: $0) } ?? ""
        let actions = connection.machine.receiveServiceRequest(name)
        if actions.contains(.acceptService) {
            _ = message.withPointer(ssh_message_service_reply_success)
        }
        perform(actions, on: connection)
    }

    private func receiveAuthRequest(_ message: SSHMessage, _ connection: SSHConnection) {
        let request = message.withPointer { raw in Self.authRequest(message, raw) }
        let id = connection.nextAuthRequestID
        connection.nextAuthRequestID += 1
        connection.authRequests[id] = request
        perform(connection.machine.receiveAuthRequest(id, user: request.user, method: request.method, now: now), on: connection)
    }

    /// What a user-auth message asks for.
    private static func authRequest(_ message: SSHMessage, _ raw: OpaquePointer) -> PendingAuthRequest {
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
        return PendingAuthRequest(message: message, user: user, method: method, password: password, key: key)
    }

    func checkPassword(_ id: UserAuthStateMachine.RequestID, _ connection: SSHConnection) {
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
            perform(connection.machine.passwordCheckRefused(), on: connection)
            touch(connection)
            return
        }
        connection.passwordCheck = ticket
    }

    /// A password check finished on the pool (run on the reactor thread through `schedule`).
    private func passwordChecked(_ connectionID: ConnectionID, _ id: UserAuthStateMachine.RequestID, accepted: Bool) {
        guard let connection = connectionsByID[connectionID] else { return }
        connection.passwordCheck = nil
        perform(connection.machine.authChecked(id, accepted: accepted, now: now), on: connection)
        touch(connection)
    }

    func replyAuthSuccess(_ id: UserAuthStateMachine.RequestID, _ connection: SSHConnection) {
        guard let request = connection.authRequests.removeValue(forKey: id) else { return }
        _ = request.message.withPointer { ssh_message_auth_reply_success($0, 0) }
        // From now on channel requests are handled by callbacks (SSHCallbacks).
        connection.session.install(serverCallbacks)
        logger.info("user authenticated", metadata: [
            "conn": "\(connection.id)", "user": "\(PeerText.escaped(request.user))", "method": "\(request.methodName)",
            "peer": "\(connection.peer)", "client": "\(connection.session.clientBanner)",
        ])
    }

    func replyKeyAcceptable(_ id: UserAuthStateMachine.RequestID, _ connection: SSHConnection) {
        guard let request = connection.authRequests.removeValue(forKey: id) else { return }
        _ = request.message.withPointer(ssh_message_auth_reply_pk_ok_simple)
    }

    func replyAuthFailure(_ id: UserAuthStateMachine.RequestID, counted: Bool, _ connection: SSHConnection) {
        guard let request = connection.authRequests.removeValue(forKey: id) else { return }
        _ = request.message.withPointer(ssh_message_reply_default)
        guard counted else { return }
        logger.notice("authentication failed", metadata: [
            "conn": "\(connection.id)", "user": "\(PeerText.escaped(request.user))", "method": "\(request.methodName)",
            "peer": "\(connection.peer)", "client": "\(connection.session.clientBanner)",
            "failures": "\(connection.machine.authFailures)",
        ])
    }

    /// The connection logged in or ends: it leaves the admission count, its pending check
    /// is called off, and the messages it held are freed.
    func endLogin(_ connection: SSHConnection) {
        connection.passwordCheck?.cancel()
        connection.passwordCheck = nil
        connection.authRequests.removeAll()
        admission.release(from: connection.source)
    }

    /// One summary line for connections refused at accept, at most every 10 s.
    func logRefusals() {
        guard let summary = refusals.summary(now: now, every: .seconds(10)) else { return }
        logger.warning("refused connections before login", metadata: [
            "per-source-limit": "\(summary.perSource)", "max-startups-full": "\(summary.full)",
            "max-startups-early-drop": "\(summary.earlyDrop)", "logging-in": "\(admission.total)",
            "max-startups": "\(admission.maxStartups)", "per-source-max-startups": "\(admission.perSource.map(String.init) ?? "none")",
        ])
    }
}
