/// What `SSHConnectionMachine` asks the reactor to do, in order.
enum SSHConnectionAction: Equatable {
    typealias RequestID = UserAuthStateMachine.RequestID

    /// Hand the accepted socket to libssh and start the key exchange.
    case startKeyExchange
    /// Answer a service request (ssh-userauth, ssh-connection) with success.
    case acceptService
    /// Refuse a service request, naming it (as the peer spelled it) for the log.
    case refuseService(String)
    /// Refuse a message before login that is neither a service nor a user-auth request
    /// (`kind` names it for the log).
    case refuseLoginMessage(String)
    /// Check the request's password on the password-check pool, then call `authChecked`.
    case checkPassword(RequestID)
    /// Check whether the request's key is authorized for its user, then call `authChecked`.
    case checkKey(RequestID)
    /// SSH_MSG_USERAUTH_SUCCESS: `user` logged in; channel requests now come as callbacks.
    case replyAuthSuccess(RequestID, user: String)
    /// SSH_MSG_USERAUTH_PK_OK: the queried key would be accepted.
    case replyKeyAcceptable(RequestID)
    /// SSH_MSG_USERAUTH_FAILURE; `counted` when it used up one of max-auth-tries.
    case replyAuthFailure(RequestID, counted: Bool)
    /// Forget a request without answering it.
    case discardAuthRequest(RequestID)
    /// The connection no longer logs in (it logged in, or it ends): it leaves the pre-login
    /// admission count, its password check is called off and its held requests are freed.
    case endLogin
    /// Create the session channel libssh asked for.
    case acceptChannel
    case refuseChannel
    /// Answer the subsystem request with success.
    case acceptSubsystem
    /// Refuse a channel request (a subsystem other than netconf, exec, shell, pty-req).
    case refuseChannelRequest(String)
    /// Tell the handler the netconf session opened, then hand it `earlyInput`; if it
    /// refuses the session, call `handlerRefusedSession`.
    case openSubsystem(user: String, earlyInput: [UInt8])
    /// Tell the handler the client sent EOF.
    case endInput
    /// Read what libssh buffered while input was paused (feeding it to `receiveData`),
    /// then call `bufferedInputRead`.
    case readBufferedInput
    /// Throw the queued output away (the client stopped reading).
    case discardOutput
    /// Send exit status 0, EOF and CLOSE on the channel.
    case closeChannel
    /// Disconnect and free the connection; tell the handler if it knew the session.
    case disconnect(reason: String, notifyHandler: Bool)
}
