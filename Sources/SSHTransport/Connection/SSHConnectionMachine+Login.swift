/// Login: service and user-auth requests, composed with `UserAuthStateMachine` (which owns
/// max-auth-tries and the failed-login delay).
extension SSHConnectionMachine {
    static let allowedServices: Set<String> = ["ssh-userauth", "ssh-connection"]

    mutating func receiveServiceRequest(_ name: String) -> [Action] {
        let allowed = Self.allowedServices.contains(name)
        switch state {
        case .keyExchange(let login):
            guard allowed else { break }
            state = .authenticating(login)
            return [.acceptService]
        case .authenticating:
            guard allowed else { break }
            return [.acceptService]
        default:
            // After login libssh asks through a callback; a refusal there does not drop.
            return [allowed ? .acceptService : .refuseService(name)]
        }
        drop(reason: "refused SSH service")
        return [.refuseService(name)]
    }

    /// A message before login that is neither a service nor a user-auth request (a channel
    /// open, a global request; `kind` names it for the log): refused, and past
    /// `maxOtherLoginMessages` the client is dropped, so a client cannot keep the reactor
    /// busy with requests that can never succeed while its grace time runs.
    mutating func receiveOtherLoginMessage(_ kind: String) -> [Action] {
        switch state {
        case .keyExchange(var login):
            login.otherMessages += 1
            state = .keyExchange(login)
            if login.otherMessages > limits.maxOtherLoginMessages { drop(reason: "too many requests before login") }
        case .authenticating(var login):
            login.otherMessages += 1
            state = .authenticating(login)
            if login.otherMessages > limits.maxOtherLoginMessages { drop(reason: "too many requests before login") }
        default:
            break
        }
        return [.refuseLoginMessage(kind)]
    }

    /// An SSH_MSG_USERAUTH_REQUEST, numbered by the reactor, which holds the message.
    mutating func receiveAuthRequest(_ id: RequestID, user: String, method: UserAuthStateMachine.Method, now: Instant) -> [Action] {
        switch state {
        case .keyExchange(var login), .authenticating(var login):
            login.users[id] = user
            let actions = login.auth.received(id, method, now: now)
            return apply(actions, to: login)
        default:
            return [.discardAuthRequest(id)]
        }
    }

    /// The check asked for by `checkPassword` or `checkKey` finished.
    mutating func authChecked(_ id: RequestID, accepted: Bool, now: Instant) -> [Action] {
        guard case .authenticating(var login) = state else { return [] }
        let actions = login.auth.verified(id, accepted: accepted, now: now)
        return apply(actions, to: login)
    }

    /// The password-check pool is full: the attempt cannot be checked.
    mutating func passwordCheckRefused() -> [Action] {
        guard case .authenticating = state else { return [] }
        drop(reason: "password checks backed up")
        return []
    }

    /// Turns the auth machine's actions into the connection's, and moves on after a
    /// success (logged in) or the last allowed failure (dropped).
    private mutating func apply(_ actions: [UserAuthStateMachine.Action], to login: LoggingIn) -> [Action] {
        var login = login
        var out: [Action] = []
        var loggedInAs: String?
        var dropReason: String?
        for action in actions {
            switch action {
            case .verifyPassword(let id):
                out.append(.checkPassword(id))
            case .verifyKey(let id):
                out.append(.checkKey(id))
            case .replySuccess(let id):
                loggedInAs = login.users.removeValue(forKey: id) ?? ""
                out.append(.replyAuthSuccess(id, user: loggedInAs ?? ""))
            case .replyKeyAcceptable(let id):
                login.users[id] = nil
                out.append(.replyKeyAcceptable(id))
            case .replyFailure(let id, let counted):
                login.users[id] = nil
                out.append(.replyAuthFailure(id, counted: counted))
            case .discard(let id):
                login.users[id] = nil
                out.append(.discardAuthRequest(id))
            case .wake:
                break  // `nextDeadline` includes the auth machine's wake time
            case .disconnect(let reason):
                dropReason = reason
            }
        }
        state = .authenticating(login)
        authFailures = login.auth.failures
        if let user = loggedInAs {
            state = .authenticated(LoggedIn(acceptedAt: login.acceptedAt, user: user))
            out.append(.endLogin)
        } else if let dropReason {
            drop(reason: dropReason)
        }
        return out
    }

    /// A wake-up for a held-back failure (the grace time is checked by the caller).
    mutating func authTimerFired(now: Instant) -> [Action] {
        guard case .authenticating(var login) = state, let wake = login.auth.wakeTime, now >= wake else { return [] }
        let actions = login.auth.timerFired(now: now)
        return apply(actions, to: login)
    }
}
