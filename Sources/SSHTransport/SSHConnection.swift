/// The reactor's side of one accepted connection: the libssh handles, the buffers, and the
/// `SSHConnectionMachine` that decides what happens to them. Reactor thread only.
///
/// Handles are freed by their own `deinit`s when the connection is released; their strong
/// references to the session make the channel, the poll event and held messages go first.
final class SSHConnection {
    let id: ConnectionID
    let session: SSHSession
    /// This session's own poll event, once the key exchange started.
    var event: SSHSessionEvent?
    /// The session channel, once the client opened it.
    var channel: SSHChannel?
    let peer: String
    /// The peer's address without port: what the per-source limit counts.
    let source: String
    var machine: SSHConnectionMachine
    /// Output the handler queued that the channel window has not taken yet.
    var output = OutputBuffer()
    /// Auth requests received and not yet answered, by the number the machine knows them by.
    var authRequests: [UserAuthStateMachine.RequestID: PendingAuthRequest] = [:]
    var nextAuthRequestID = 0
    /// The password check on the pool, if one is queued or running.
    var passwordCheck: PasswordCheckPool.Ticket?
    /// Queued to be settled after the current poll turn.
    var touched = false

    init(id: ConnectionID, session: SSHSession, peer: String, source: String, machine: SSHConnectionMachine) {
        self.id = id
        self.session = session
        self.peer = peer
        self.source = source
        self.machine = machine
    }
}
