/// Executes what a connection's machine decided, in order. Answers libssh expects within
/// a callback (accepting a service, subsystem or channel request) are given by the
/// callback from the returned actions; here they are only logged.
extension SSHReactor {
    func perform(_ actions: [SSHConnectionAction], on connection: SSHConnection) {
        for action in actions {
            perform(action, on: connection)
        }
        if !actions.isEmpty { touch(connection) }
    }

    private func perform(_ action: SSHConnectionAction, on connection: SSHConnection) {
        switch action {
        case .startKeyExchange:
            startKeyExchange(connection)
        case .acceptService, .acceptSubsystem, .refuseChannel:
            break
        case .refuseService(let name):
            logger.notice("refused SSH service", metadata: [
                "conn": "\(connection.id)", "service": "\(PeerText.escaped(name))", "peer": "\(connection.peer)",
            ])
        case .refuseLoginMessage(let kind):
            logger.debug("refused a request before login", metadata: ["conn": "\(connection.id)", "request": "\(kind)"])
        case .checkPassword(let id):
            checkPassword(id, connection)
        case .checkKey(let id):
            let request = connection.authRequests[id]
            let accepted = request.flatMap { request in
                request.key.map { authenticator.isAuthorized(user: request.user, key: $0) }
            } ?? false
            perform(connection.machine.authChecked(id, accepted: accepted, now: now), on: connection)
        case .replyAuthSuccess(let id, _):
            replyAuthSuccess(id, connection)
        case .replyKeyAcceptable(let id):
            replyKeyAcceptable(id, connection)
        case .replyAuthFailure(let id, let counted):
            replyAuthFailure(id, counted: counted, connection)
        case .discardAuthRequest(let id):
            connection.authRequests[id] = nil
        case .endLogin:
            endLogin(connection)
        case .acceptChannel:
            guard let channel = SSHChannel(connection.session, callbacks: channelCallbacks) else {
                perform(connection.machine.channelCreationFailed(), on: connection)
                return
            }
            connection.channel = channel
        case .refuseChannelRequest(let request):
            logger.info("refused channel request", metadata: ["conn": "\(connection.id)", "request": "\(PeerText.escaped(request))"])
        case .openSubsystem(let user, let earlyInput):
            guard handler.channelOpened(connection.id, user: user, peer: connection.peer) else {
                perform(connection.machine.handlerRefusedSession(now: now), on: connection)
                return
            }
            if !earlyInput.isEmpty {
                earlyInput.withUnsafeBytes { handler.channelReceived(connection.id, $0) }
            }
        case .endInput:
            handler.channelInputEnded(connection.id)
        case .readBufferedInput:
            readBufferedInput(connection)
        case .discardOutput:
            connection.output = OutputBuffer()
        case .closeChannel:
            connection.channel?.close()
        case .disconnect(let reason, let notifyHandler):
            disconnect(connection, reason: reason, notifyHandler: notifyHandler)
        }
    }

    /// Frees everything of one connection and tells the handler if it knew about it.
    private func disconnect(_ connection: SSHConnection, reason: String, notifyHandler: Bool) {
        guard connectionsByID.removeValue(forKey: connection.id) != nil else { return }
        logger.trace("reaping", metadata: ["conn": "\(connection.id)", "fd": "\(connection.session.fd)", "reason": "\(reason)"])
        connectionsBySession[connection.session.callbackKey] = nil
        deadlines[connection.id] = nil
        connection.event = nil  // out of the poll (removed from its event, which is freed)
        if notifyHandler {
            handler.channelClosed(connection.id, reason: reason)
        }
        // The channel goes first: `ssh_disconnect` frees every channel libssh still lists.
        // The session goes when the last reference to the connection does.
        connection.channel = nil
        connection.session.disconnect()
        connection.output = OutputBuffer()
        logger.debug("connection ended", metadata: ["conn": "\(connection.id)", "reason": "\(reason)"])
    }
}
