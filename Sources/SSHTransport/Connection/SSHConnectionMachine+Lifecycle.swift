/// Timers, the end of each poll turn, and the ways a connection ends.
extension SSHConnectionMachine {
    /// `nextDeadline` has come (or any time later): enforces the login grace time, the idle
    /// timeout and held-back auth failures. Closing deadlines are acted on by `settle`.
    mutating func timerFired(now: Instant) -> [Action] {
        switch state {
        case .accepted(let at):
            if now >= at + limits.loginGraceTime { drop(reason: "login grace time exceeded") }
        case .keyExchange(let login), .authenticating(let login):
            if now >= login.acceptedAt + limits.loginGraceTime {
                drop(reason: "login grace time exceeded")
                return []
            }
            return authTimerFired(now: now)
        case .authenticated(let loggedIn), .channelOpen(let loggedIn):
            if now >= loggedIn.acceptedAt + limits.loginGraceTime { drop(reason: "login grace time exceeded") }
        case .subsystemAccepted(let starting):
            if now >= starting.loggedIn.acceptedAt + limits.loginGraceTime { drop(reason: "login grace time exceeded") }
        case .running(let running):
            if let idle = limits.idleTimeout, now >= running.lastInput + idle {
                beginClose(reason: "idle timeout", now: now)
            }
        case .closing, .dropping, .closed:
            break
        }
        return []
    }

    /// The poll turn is over (outside every libssh callback); `pendingOutput` bytes are
    /// still queued after the reactor flushed what the window allowed.
    mutating func settle(now: Instant, pendingOutput: Int) -> [Action] {
        switch state {
        case .subsystemAccepted(let starting):
            state = .running(Running(user: starting.loggedIn.user, lastInput: now))
            return [.openSubsystem(user: starting.loggedIn.user, earlyInput: starting.earlyInput)]
        case .running(var running):
            guard running.drainRequested else { return [] }
            running.drainRequested = false
            state = .running(running)
            return [.readBufferedInput]
        case .closing(var closing):
            if !closing.channelClosed {
                guard pendingOutput == 0 || now >= closing.since + limits.closeFlushTime else { return [] }
                closing.channelClosed = true
                closing.since = now
                state = .closing(closing)
                return [.closeChannel]
            }
            guard now >= closing.since + limits.closeLinger else { return [] }
            state = .closed
            return [.disconnect(reason: closing.reason, notifyHandler: closing.handlerKnows)]
        case .dropping:
            return finishDrop()
        case .accepted, .keyExchange, .authenticating, .authenticated, .channelOpen, .closed:
            return []
        }
    }

    /// The handler (or the server) asks to close: a running session flushes and closes its
    /// channel; one not yet running is dropped.
    mutating func closeRequested(reason: String, now: Instant) -> [Action] {
        switch state {
        case .running:
            beginClose(reason: reason, now: now)
        case .closing, .dropping, .closed:
            break
        default:
            drop(reason: reason)
        }
        return []
    }

    /// libssh reports the session closed (the peer hung up, or an error): disconnect now.
    /// A close or drop already under way keeps its own reason.
    mutating func transportClosed(detail: String) -> [Action] {
        switch state {
        case .closing(let closing):
            return end(reason: closing.reason)
        case .dropping(let dropping):
            return end(reason: dropping.reason)
        default:
            return end(reason: detail)
        }
    }

    /// Disconnect now, whatever the state (the server stops).
    mutating func end(reason: String) -> [Action] {
        drop(reason: reason)
        return finishDrop()
    }

    private mutating func finishDrop() -> [Action] {
        guard case .dropping(let dropping) = state else { return [] }
        state = .closed
        let disconnect = Action.disconnect(reason: dropping.reason, notifyHandler: dropping.handlerKnows)
        return dropping.endsLogin ? [.endLogin, disconnect] : [disconnect]
    }
}
