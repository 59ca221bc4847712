internal import CLibSSH

/// One accepted SSH connection, owned by the reactor thread. Holds the libssh session and,
/// once opened, its single channel; both are freed by `SSHReactor.reap`.
final class SSHConnection {
    enum Phase: Equatable {
        /// Key exchange and user authentication in progress.
        case authenticating
        /// Authenticated; waiting for a session channel and the netconf subsystem.
        case authenticated
        /// The netconf subsystem is running and bytes flow to the handler.
        case open
        /// A close was requested: flush output, then EOF/close the channel, then linger.
        case closing
    }

    let id: ConnectionID
    let session: OpaquePointer
    /// This session's own libssh event (see `SSHReactor` for why not a shared one).
    let event: OpaquePointer
    let peer: String
    /// The peer's address without port: what the per-source limit counts.
    let source: String
    let acceptedAt: ContinuousClock.Instant
    var phase: Phase = .authenticating
    var user: String?
    var channel: OpaquePointer?
    /// User authentication: which request is answered how and when.
    var auth: UserAuthStateMachine
    /// Auth requests received and not yet answered, by the number `auth` knows them by.
    var authRequests: [UserAuthStateMachine.RequestID: PendingAuthRequest] = [:]
    var nextAuthRequestID = 0
    /// The password check on the pool, if one is queued or running.
    var passwordCheck: PasswordCheckPool.Ticket?
    /// Counted by `PreLoginAdmission` until it logs in or ends.
    var countsAsLoggingIn = true
    var lastInput: ContinuousClock.Instant
    var output = OutputBuffer()
    var closeReason: String?
    var closingSince: ContinuousClock.Instant?
    var channelClosedSent = false
    /// Set by callbacks; acted on after `ssh_event_dopoll` returns, outside libssh's stack.
    var needsOpen = false
    /// Input that arrived between the subsystem request and `open`.
    var earlyInput: [UInt8] = []
    var needsDisconnect: String?
    /// The handler asked to stop reading (`SSHServer.setInputPaused`): channel data stays in
    /// libssh's buffer, which stops the channel window from growing, so the client stops.
    var inputPaused = false
    /// Reading resumed: hand over what libssh buffered meanwhile, after the poll turn.
    var needsInputDrain = false
    /// EOF or channel close arrived while paused; told to the handler after the buffered data.
    var eofWhilePaused = false
    var closeWhilePaused = false
    /// True once the handler was told `channelOpened`, so it must hear `channelClosed`.
    var handlerKnows = false
    /// Queued to be settled after the current poll turn.
    var touched = false

    init(
        id: ConnectionID, session: OpaquePointer, event: OpaquePointer, peer: String, source: String,
        now: ContinuousClock.Instant, authLimits: UserAuthStateMachine.Limits
    ) {
        self.id = id
        self.session = session
        self.event = event
        self.peer = peer
        self.source = source
        self.auth = UserAuthStateMachine(limits: authLimits)
        self.acceptedAt = now
        self.lastInput = now
    }
}
