/// One SSH connection from TCP accept to close, as a pure state machine: no libssh, no
/// sockets, no clock. The reactor feeds it what libssh reported (`receive…`), what the
/// handler and the password checks answered, and the time (`now`, read once per loop turn);
/// it executes the returned `SSHConnectionAction`s in order, and wakes it at `nextDeadline`
/// (`timerFired`). After each poll turn in which the connection was touched, the reactor
/// calls `settle`, which returns the work that must not run inside a libssh callback
/// (telling the handler about a new session, closing the channel, disconnecting).
///
/// Limits it owns: the login grace time (accept until the netconf subsystem runs), the idle
/// timeout, max-auth-tries and the failed-login delay (through `UserAuthStateMachine`), the
/// output a client may leave unread, and the channel rules (one session channel, only the
/// `netconf` subsystem; exec, shell and pty requests are refused).
struct SSHConnectionMachine {
    typealias Instant = ContinuousClock.Instant
    typealias RequestID = UserAuthStateMachine.RequestID
    typealias Action = SSHConnectionAction

    struct Limits: Equatable {
        /// From accept until the netconf subsystem runs.
        var loginGraceTime: Duration
        /// Close a running session after this long without input; nil: never.
        var idleTimeout: Duration?
        /// Output queued and not yet taken by the client; past it the client is dropped.
        var maxPendingOutput: Int
        var auth: UserAuthStateMachine.Limits
        /// A close waits this long for queued output before closing the channel anyway.
        var closeFlushTime: Duration = .seconds(5)
        /// After the channel is closed, the peer has this long to hang up.
        var closeLinger: Duration = .seconds(2)
        /// Messages before login that are neither service nor user-auth requests (channel
        /// opens, global requests): each is refused, and one more than this drops the client.
        var maxOtherLoginMessages = 16
    }

    /// Logging in: before the key exchange is over, and while the user authenticates.
    struct LoggingIn {
        let acceptedAt: Instant
        var auth: UserAuthStateMachine
        /// The user named by each request `auth` has not answered yet.
        var users: [RequestID: String] = [:]
        /// Messages refused by `receiveOtherLoginMessage` so far.
        var otherMessages = 0
    }

    /// Logged in as `user`, the netconf subsystem not yet running.
    struct LoggedIn: Equatable {
        let acceptedAt: Instant
        let user: String
    }

    /// The netconf subsystem was accepted inside a libssh callback; the handler hears of
    /// it when the poll turn is over. Input arriving meanwhile is kept for it.
    struct Starting: Equatable {
        let loggedIn: LoggedIn
        var earlyInput: [UInt8] = []
    }

    struct Running: Equatable {
        let user: String
        var lastInput: Instant
        /// The handler asked to stop reading: channel data stays in libssh's buffer.
        var inputPaused = false
        /// Reading resumed: what libssh buffered meanwhile is read after the poll turn.
        var drainRequested = false
        /// EOF or channel close came while paused; told after the buffered data.
        var eofWhilePaused = false
        var closeWhilePaused = false
    }

    struct Closing: Equatable {
        let reason: String
        /// When the close began, or, once the channel is closed, when it was closed.
        var since: Instant
        var channelClosed = false
        /// The handler was told the session opened, so it must hear it closed.
        var handlerKnows: Bool
    }

    /// Decided to drop the connection; done when the poll turn is over (`settle`).
    struct Dropping: Equatable {
        let reason: String
        /// The connection still counts as logging in (pre-login admission).
        let endsLogin: Bool
        let handlerKnows: Bool
    }

    enum State {
        /// TCP accepted and admitted; the key exchange has not started.
        case accepted(at: Instant)
        /// Key exchange under way (libssh runs it); no login message yet.
        case keyExchange(LoggingIn)
        /// Service and user-auth requests are being answered (RFC 4252).
        case authenticating(LoggingIn)
        /// The user logged in; no session channel yet.
        case authenticated(LoggedIn)
        /// A session channel is open; waiting for the netconf subsystem request.
        case channelOpen(LoggedIn)
        /// The netconf subsystem was accepted; the handler is told after the poll turn.
        case subsystemAccepted(Starting)
        /// Bytes flow between the channel and the handler.
        case running(Running)
        /// Flushing output, then EOF and close on the channel, then waiting for the peer.
        case closing(Closing)
        /// To be disconnected after the poll turn.
        case dropping(Dropping)
        /// Disconnected: nothing more happens.
        case closed
    }

    let limits: Limits
    /// Changed only by the machine's own methods (its extensions live in other files).
    var state: State

    init(limits: Limits, now: Instant) {
        self.limits = limits
        state = .accepted(at: now)
    }

    /// Accept is done: start the key exchange.
    mutating func start() -> [Action] {
        guard case .accepted(let at) = state else { return [] }
        state = .keyExchange(LoggingIn(acceptedAt: at, auth: UserAuthStateMachine(limits: limits.auth)))
        return [.startKeyExchange]
    }

    /// The key exchange could not be started (libssh refused the new session).
    mutating func keyExchangeFailed(reason: String) -> [Action] {
        drop(reason: reason)
        return []
    }

    // MARK: Queries

    /// When `timerFired` must be called next, if ever.
    var nextDeadline: Instant? {
        switch state {
        case .accepted(let at):
            at + limits.loginGraceTime
        case .keyExchange(let login), .authenticating(let login):
            min(login.acceptedAt + limits.loginGraceTime, login.auth.wakeTime ?? login.acceptedAt + limits.loginGraceTime)
        case .authenticated(let loggedIn), .channelOpen(let loggedIn):
            loggedIn.acceptedAt + limits.loginGraceTime
        case .subsystemAccepted(let starting):
            starting.loggedIn.acceptedAt + limits.loginGraceTime
        case .running(let running):
            limits.idleTimeout.map { running.lastInput + $0 }
        case .closing(let closing):
            closing.since + (closing.channelClosed ? limits.closeLinger : limits.closeFlushTime)
        case .dropping, .closed:
            nil
        }
    }

    /// Service and user-auth requests are answered by the reactor from libssh's queue.
    var isLoggingIn: Bool {
        switch state {
        case .keyExchange, .authenticating: true
        default: false
        }
    }

    /// Failed authentication attempts so far (for logs).
    var authFailures = 0

    /// The handler may queue output (the subsystem runs and no close began).
    var acceptsOutput: Bool {
        if case .running = state { return true }
        return false
    }

    /// Channel data goes to the handler now (running, not paused).
    var acceptsInput: Bool {
        if case .running(let running) = state { return !running.inputPaused }
        return false
    }

    /// Queued output should be written to the channel as the window allows.
    var flushesOutput: Bool {
        switch state {
        case .running: true
        case .closing(let closing): !closing.channelClosed
        default: false
        }
    }

    // MARK: Shared steps

    mutating func drop(reason: String) {
        switch state {
        case .accepted, .keyExchange, .authenticating:
            state = .dropping(Dropping(reason: reason, endsLogin: true, handlerKnows: false))
        case .authenticated, .channelOpen, .subsystemAccepted:
            state = .dropping(Dropping(reason: reason, endsLogin: false, handlerKnows: false))
        case .running:
            state = .dropping(Dropping(reason: reason, endsLogin: false, handlerKnows: true))
        case .closing(let closing):
            state = .dropping(Dropping(reason: reason, endsLogin: false, handlerKnows: closing.handlerKnows))
        case .dropping, .closed:
            break
        }
    }

    mutating func beginClose(reason: String, now: Instant, handlerKnows: Bool = true) {
        state = .closing(Closing(reason: reason, since: now, handlerKnows: handlerKnows))
    }
}
