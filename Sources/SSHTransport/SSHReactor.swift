internal import CLibSSH
internal import CSystemShims
import Glibc
import OSThreads
import Dispatch
import Logging
import Synchronization

/// The thread that owns every libssh object: the listening binds, each session with its
/// own `ssh_event`, and each channel. Nothing libssh-shaped leaves this thread; other
/// threads talk to it by queueing closures (`schedule`) and waking it through an eventfd.
///
/// The reactor runs its own `poll(2)` over the listening sockets, the eventfd and every
/// session's socket (asking libssh with `ssh_get_poll_flags` whether it has output
/// waiting), and hands a ready session to libssh with `ssh_event_dopoll` on that
/// session's event alone. One event per session matters: libssh 0.10 polls the whole
/// event context again from inside calls such as `ssh_channel_write`, and with all
/// sessions in one context a close or error in one session corrupted the poll state of
/// others (observed as about 3% of sessions dropped under concurrent open/close).
/// libssh callbacks only record what happened; the consequences (opening the handler's
/// session, disconnecting, freeing) run after the poll turn, so libssh is never
/// re-entered from its own callbacks.
final class SSHReactor: @unchecked Sendable {
    let configuration: SSHServerConfiguration
    let authenticator: any SSHAuthenticator
    let handler: any SSHChannelHandler
    let logger: Logger

    private var binds: [OpaquePointer] = []
    private let wakeFD: Int32
    private var connectionsBySession: [OpaquePointer: SSHConnection] = [:]
    private(set) var connectionsByID: [ConnectionID: SSHConnection] = [:]
    /// Who may start logging in (per-source limit, MaxStartups); reactor thread only.
    var admission: PreLoginAdmission
    var random = SystemRandomNumberGenerator()
    /// Connections refused at accept since the last summary line, by reason.
    var refusals = PreLoginRefusals()
    /// Password checks, off this thread.
    let passwordChecks: PasswordCheckPool
    /// Connections whose failed login is held back, and until when.
    var loginWakeups: [ConnectionID: ContinuousClock.Instant] = [:]
    private var nextID: UInt64 = 1
    private var acceptReady: Set<Int32> = []
    /// Connections that libssh callbacks or queued work touched during this turn; only
    /// they are settled after the poll, plus everyone at each timer sweep.
    private var touched: [SSHConnection] = []
    private var nextSweep = ContinuousClock.now
    private var bindByFD: [Int32: OpaquePointer] = [:]
    private let queued = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    private var reactorThreadID: pthread_t?

    /// Installed on a session once its user has logged in (see SSHReactor+Login.swift).
    let serverCallbacks: UnsafeMutablePointer<ssh_server_callbacks_struct>
    private let channelCallbacks: UnsafeMutablePointer<ssh_channel_callbacks_struct>

    init(
        configuration: SSHServerConfiguration,
        authenticator: any SSHAuthenticator,
        handler: any SSHChannelHandler,
        logger: Logger
    ) throws(SSHError) {
        self.configuration = configuration
        self.authenticator = authenticator
        self.handler = handler
        self.logger = logger
        admission = PreLoginAdmission(maxStartups: configuration.maxStartups, perSource: configuration.perSourceMaxStartups)
        // One check per connection logging in; twice that leaves room for checks whose
        // connection ended but which a worker has not yet skipped.
        passwordChecks = PasswordCheckPool(threads: configuration.passwordCheckThreads, capacity: 2 * configuration.maxStartups.full)
        if logger.logLevel <= .trace {
            // libssh's own protocol log (to stderr) for debugging interoperability.
            _ = ssh_set_log_level(Int32(SSH_LOG_PACKET))
        }
        let fd = meridian_eventfd()
        guard fd >= 0 else {
            throw .eventLoop("eventfd failed: \(String(cString: strerror(errno)))")
        }
        wakeFD = fd
        serverCallbacks = .allocate(capacity: 1)
        serverCallbacks.initialize(to: ssh_server_callbacks_struct())
        channelCallbacks = .allocate(capacity: 1)
        channelCallbacks.initialize(to: ssh_channel_callbacks_struct())
    }

    deinit {
        passwordChecks.stop()
        serverCallbacks.deallocate()
        channelCallbacks.deallocate()
    }

    // MARK: Life cycle

    /// Binds every listen address (so "port in use" is reported to the caller) and starts the thread.
    func start() throws(SSHError) {
        let selfPointer = Unmanaged.passUnretained(self).toOpaque()
        SSHCallbacks.install(server: serverCallbacks, channel: channelCallbacks, userdata: selfPointer)
        for address in configuration.listen {
            let bind = try openBind(address)
            binds.append(bind)
            bindByFD[ssh_bind_get_fd(bind)] = bind
        }
        started = OSThread.detach(name: "ssh-reactor") { [self] in
            self.reactorThreadID = pthread_self()
            self.run()
            self.finished.signal()
        }
        guard started else { throw .eventLoop("cannot start the SSH reactor thread") }
    }

    /// Disconnects every client, closes the listeners and waits for the thread to end.
    func stop() {
        guard !stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake()
        if started { finished.wait() }
    }

    /// Runs `work` on the reactor thread at the next turn of the loop.
    func schedule(_ work: @escaping @Sendable () -> Void) {
        queued.withLock { $0.append(work) }
        wake()
    }

    var isOnReactorThread: Bool {
        guard let id = reactorThreadID else { return false }
        return pthread_equal(id, pthread_self()) != 0
    }

    private func wake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(wakeFD, $0.baseAddress, 8) }
    }

    private func openBind(_ address: SSHServerConfiguration.ListenAddress) throws(SSHError) -> OpaquePointer {
        guard let bind = ssh_bind_new() else { throw .bindFailed("cannot allocate listener for \(address)") }
        var port = UInt32(address.port)
        var noConfig = false
        var ok = ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &noConfig) == SSH_OK
        ok = ok && ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDADDR, address.host) == SSH_OK
        ok = ok && ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDPORT, &port) == SSH_OK
        for path in configuration.hostKeyPaths where ok {
            ok = ssh_bind_options_set(bind, SSH_BIND_OPTIONS_HOSTKEY, path) == SSH_OK
        }
        if ok, ssh_bind_listen(bind) == SSH_OK {
            // libssh leaves the listening socket blocking; accepting until EAGAIN needs it not to.
            let fd = ssh_bind_get_fd(bind)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            // libssh listens with a backlog of 10: a burst of clients would see SYNs
            // dropped and retried for seconds. Listening again only raises the backlog.
            _ = Glibc.listen(fd, SOMAXCONN)
            return bind
        }
        let reason = String(cString: ssh_get_error(UnsafeMutableRawPointer(bind)))
        ssh_bind_free(bind)
        throw .bindFailed("cannot listen on \(address): \(reason)")
    }

    // MARK: The loop

    private func run() {
        while !stopRequested.load(ordering: .acquiring) {
            pollOnce(timeoutMilliseconds: pollTimeoutMilliseconds())
            // Free connections libssh saw end before accepting new ones: libssh may already
            // have closed their descriptor, and the kernel would hand that number to a new
            // client while the old session object still refers to it.
            reapEnded()
            acceptPending()
            runQueued()
            let now = ContinuousClock.now
            fireLoginWakeups(now: now)
            if now >= nextSweep {
                nextSweep = now + .milliseconds(250)
                touched = Array(connectionsByID.values)
                logRefusals(now: now)
            }
            // Settling can trigger callbacks (libssh reads while it flushes), which may
            // touch more connections; keep going until nothing is left.
            while !touched.isEmpty {
                let batch = touched
                touched.removeAll(keepingCapacity: true)
                for connection in batch where connectionsByID[connection.id] === connection {
                    settle(connection, now: now)
                }
            }
        }
        shutdown()
    }

    /// One `poll(2)` over the wake-up eventfd, the listeners and every session; ready
    /// sessions are handed to libssh one at a time, each through its own event.
    private func pollOnce(timeoutMilliseconds: Int32) {
        var fds: [pollfd] = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        for fd in bindByFD.keys { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        let sessions = Array(connectionsByID.values)
        for connection in sessions {
            let fd = ssh_get_fd(connection.session)
            var events = Int16(POLLIN)
            if ssh_get_poll_flags(connection.session) & SSH_WRITE_PENDING != 0 { events |= Int16(POLLOUT) }
            fds.append(pollfd(fd: fd, events: fd >= 0 ? events : 0, revents: 0))
        }
        let ready = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        guard ready > 0 else { return }
        if fds[0].revents != 0 { drainWake() }
        let listenerCount = bindByFD.count
        for index in 1...max(1, listenerCount) where index <= listenerCount && fds[index].revents != 0 {
            acceptReady.insert(fds[index].fd)
        }
        for (offset, connection) in sessions.enumerated() where fds[1 + listenerCount + offset].revents != 0 {
            guard connectionsByID[connection.id] === connection else { continue }
            _ = ssh_event_dopoll(connection.event, 0)
            touch(connection)
            if connection.phase == .authenticating { receiveLoginMessages(connection) }
        }
    }

    private func reapEnded() {
        for connection in Array(connectionsByID.values)
        where ssh_get_status(connection.session) & (SSH_CLOSED | SSH_CLOSED_ERROR) != 0 {
            settle(connection, now: ContinuousClock.now)
        }
    }

    private func pollTimeoutMilliseconds() -> Int32 {
        // Timers (grace, idle, linger) are coarse; a quarter second keeps them honest
        // without a per-connection timer wheel. Held-back login failures are answered on time.
        let coarse: Int32 = connectionsByID.isEmpty ? 1000 : 250
        guard let next = loginWakeups.values.min() else { return coarse }
        let left = ContinuousClock.now.duration(to: next)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(Int64(coarse), milliseconds))
    }

    private func runQueued() {
        let work = queued.withLock { items -> [@Sendable () -> Void] in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
        for item in work { item() }
    }

    private func shutdown() {
        for connection in Array(connectionsByID.values) {
            reap(connection, reason: "server shutting down")
        }
        passwordChecks.stop()
        for bind in binds { ssh_bind_free(bind) }
        binds.removeAll()
        Glibc.close(wakeFD)
    }

    // MARK: Events

    func drainWake() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(wakeFD, $0.baseAddress, 8) }
    }

    /// The connection a callback is about; marks it to be settled after the poll.
    func connection(for session: OpaquePointer?) -> SSHConnection? {
        guard let session, let connection = connectionsBySession[session] else { return nil }
        touch(connection)
        return connection
    }

    func touch(_ connection: SSHConnection) {
        if !connection.touched {
            connection.touched = true
            touched.append(connection)
        }
    }

    // MARK: Accept

    private func acceptPending() {
        guard !acceptReady.isEmpty else { return }
        let fds = acceptReady
        acceptReady.removeAll()
        for fd in fds {
            guard let bind = bindByFD[fd] else { continue }
            // Bounded per turn so a connection storm cannot starve established sessions.
            for _ in 0..<32 {
                guard acceptOne(bind, listenFD: fd) else { break }
            }
        }
    }

    /// Accepts one TCP connection and, if admitted, starts its key exchange. The socket is
    /// accepted here rather than by `ssh_bind_accept`, so a refused connection is closed before
    /// libssh allocates anything for it. Once `ssh_bind_accept_fd` succeeds the session owns
    /// the descriptor (`ssh_free` closes it). False when nothing is left to accept.
    private func acceptOne(_ bind: OpaquePointer, listenFD: Int32) -> Bool {
        let fd = Glibc.accept(listenFD, nil, nil)
        if fd < 0 { return errno == ECONNABORTED || errno == EINTR }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let now = ContinuousClock.now
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
        guard let session = ssh_new() else {
            admission.release(from: source)
            Glibc.close(fd)
            return true
        }
        guard ssh_bind_accept_fd(bind, session, fd) == SSH_OK else {
            logger.info("cannot set up an accepted connection", metadata: [
                "error": "\(String(cString: ssh_get_error(UnsafeMutableRawPointer(bind))))",
            ])
            admission.release(from: source)
            let owned = ssh_get_fd(session) == fd
            ssh_free(session)
            if !owned { Glibc.close(fd) }
            return true
        }
        // NETCONF is request/reply: without TCP_NODELAY a reply's last segment can wait
        // for the client's delayed ACK (tens of milliseconds).
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let peer = PeerAddress.describe(fd: fd)
        nextID += 1
        ssh_set_blocking(session, 0)
        if logger.logLevel <= .trace {
            var verbosity = Int32(SSH_LOG_PACKET)
            _ = ssh_options_set(session, SSH_OPTIONS_LOG_VERBOSITY, &verbosity)
        }
        // No server callbacks until the user has logged in: libssh then queues service and
        // user-auth requests as messages the reactor owns and answers later
        // (SSHReactor+Login.swift); the callbacks are installed at login.
        ssh_set_auth_methods(session, Int32(SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY))
        let rc = ssh_handle_key_exchange(session)
        guard rc == SSH_OK || rc == SSH_AGAIN, let event = ssh_event_new() else {
            logger.info("key exchange could not start", metadata: ["peer": "\(peer)"])
            admission.release(from: source)
            ssh_disconnect(session)
            ssh_free(session)
            return true
        }
        guard ssh_event_add_session(event, session) == SSH_OK else {
            logger.info("key exchange could not start", metadata: ["peer": "\(peer)"])
            admission.release(from: source)
            ssh_event_free(event)
            ssh_disconnect(session)
            ssh_free(session)
            return true
        }
        let connection = SSHConnection(
            id: ConnectionID(rawValue: nextID - 1), session: session, event: event, peer: peer, source: source, now: now,
            authLimits: .init(maxTries: configuration.maxAuthTries, failureDelay: configuration.authFailureDelay))
        connectionsBySession[session] = connection
        connectionsByID[connection.id] = connection
        touch(connection)
        logger.debug("accepted", metadata: ["conn": "\(connection.id)", "peer": "\(peer)", "fd": "\(fd)"])
        return true
    }

    // MARK: After each poll

    /// Acts on what callbacks recorded, enforces timers, and frees dead connections.
    private func settle(_ connection: SSHConnection, now: ContinuousClock.Instant) {
        connection.touched = false
        let status = ssh_get_status(connection.session)
        if status & (SSH_CLOSED | SSH_CLOSED_ERROR) != 0 {
            // libssh's error text can quote the peer (its disconnect reason, its banner).
            var detail = PeerText.escaped(ssh_get_error(UnsafeMutableRawPointer(connection.session)), keepingSpaces: true)
            if let message = ssh_get_disconnect_message(connection.session) { detail += " (peer said: \(PeerText.escaped(message, keepingSpaces: true)))" }
            reap(connection, reason: connection.closeReason ?? (detail.isEmpty ? "peer disconnected" : "peer disconnected: \(detail)"))
            return
        }
        if let reason = connection.needsDisconnect {
            reap(connection, reason: reason)
            return
        }
        if connection.needsOpen {
            connection.needsOpen = false
            open(connection)
        }
        if connection.needsInputDrain, connection.phase == .open {
            connection.needsInputDrain = false
            drainBufferedInput(connection)
        }
        if !connection.output.isEmpty, connection.phase == .open {
            flush(connection)
        }
        switch connection.phase {
        case .authenticating, .authenticated:
            if now - connection.acceptedAt > configuration.loginGraceTime {
                reap(connection, reason: "login grace time exceeded")
            }
        case .open:
            if let idle = configuration.idleTimeout, now - connection.lastInput > idle {
                logger.info("closing idle session", metadata: ["conn": "\(connection.id)"])
                beginClose(connection, reason: "idle timeout")
            }
        case .closing:
            finishClose(connection, now: now)
        }
    }

    private func open(_ connection: SSHConnection) {
        guard connection.phase == .authenticated, connection.channel != nil, let user = connection.user else { return }
        connection.phase = .open
        connection.lastInput = ContinuousClock.now
        connection.handlerKnows = true
        if !handler.channelOpened(connection.id, user: user, peer: connection.peer) {
            connection.handlerKnows = false
            beginClose(connection, reason: "session refused")
            return
        }
        if !connection.earlyInput.isEmpty {
            let early = connection.earlyInput
            connection.earlyInput = []
            early.withUnsafeBytes { handler.channelReceived(connection.id, $0) }
        }
    }

    // MARK: Writing and closing (reactor thread only)

    /// Queues bytes for the channel. They are written after the current poll turn, never
    /// from inside a libssh callback (libssh may process packets while it flushes).
    func write(_ id: ConnectionID, _ bytes: some Collection<UInt8>) {
        guard let connection = connectionsByID[id], connection.phase == .open else { return }
        connection.output.append(bytes)
        touch(connection)
        if connection.output.count > configuration.maxPendingOutput {
            logger.warning("closing session: client is not reading its replies", metadata: ["conn": "\(id)"])
            connection.output = OutputBuffer()
            connection.needsDisconnect = "output limit exceeded (client not reading)"
        }
    }

    private func flush(_ connection: SSHConnection) {
        guard let channel = connection.channel, !connection.output.isEmpty else { return }
        // ssh_channel_write may process incoming packets while it flushes, and so run
        // callbacks that queue more output for this connection: write from a buffer
        // taken out of the connection and put back (with anything added) afterwards.
        var output = connection.output
        connection.output = OutputBuffer()
        defer {
            output.append(connection.output)
            connection.output = output
        }
        while !output.isEmpty {
            let window = Int(ssh_channel_window_size(channel))
            guard window > 0 else { return }
            var failed = false
            var wrote = 0
            output.consume(upTo: min(window, 256 << 10)) { chunk in
                let rc = ssh_channel_write(channel, chunk.baseAddress, UInt32(chunk.count))
                if rc < 0 { failed = true; return 0 }
                wrote = Int(rc)
                return wrote
            }
            if failed {
                connection.needsDisconnect = "channel write failed"
                return
            }
            if wrote == 0 { return }
        }
    }

    func close(_ id: ConnectionID, reason: String) {
        guard let connection = connectionsByID[id] else { return }
        beginClose(connection, reason: reason)
    }

    func setInputPaused(_ id: ConnectionID, _ paused: Bool) {
        guard let connection = connectionsByID[id], connection.inputPaused != paused else { return }
        connection.inputPaused = paused
        if !paused {
            connection.needsInputDrain = true
            touch(connection)
        }
    }

    /// After a resume: hands the handler what libssh buffered while input was paused (reading
    /// it enlarges the window again), then an EOF or close that came meanwhile.
    private func drainBufferedInput(_ connection: SSHConnection) {
        guard let channel = connection.channel else { return }
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while !connection.inputPaused, connection.phase == .open {
            // May run the data callback itself (it handles packets first); either way the
            // bytes leave libssh's buffer in order.
            let count = buffer.withUnsafeMutableBytes { ssh_channel_read_nonblocking(channel, $0.baseAddress, UInt32($0.count), 0) }
            guard count > 0 else { break }
            connection.lastInput = ContinuousClock.now
            buffer.withUnsafeBytes { handler.channelReceived(connection.id, UnsafeRawBufferPointer(rebasing: $0[0..<Int(count)])) }
        }
        guard !connection.inputPaused, connection.phase == .open else { return }
        if connection.eofWhilePaused {
            connection.eofWhilePaused = false
            handler.channelInputEnded(connection.id)
        }
        if connection.closeWhilePaused {
            connection.closeWhilePaused = false
            beginClose(connection, reason: "client closed the channel")
        }
    }

    private func beginClose(_ connection: SSHConnection, reason: String) {
        guard connection.phase != .closing else { return }
        connection.phase = .closing
        connection.closeReason = reason
        connection.closingSince = ContinuousClock.now
        touch(connection)
    }

    /// Sends EOF and CLOSE once the queued output has left, then gives the peer a moment
    /// to hang up before the connection is dropped.
    private func finishClose(_ connection: SSHConnection, now: ContinuousClock.Instant) {
        if let channel = connection.channel, !connection.channelClosedSent {
            flush(connection)
            let since = connection.closingSince ?? now
            guard connection.output.isEmpty || now - since > .seconds(5) else { return }
            // An exit status lets `ssh -s netconf` end with 0 after a clean close-session.
            ssh_channel_request_send_exit_status(channel, 0)
            ssh_channel_send_eof(channel)
            ssh_channel_close(channel)
            connection.channelClosedSent = true
            connection.closingSince = now
            return
        }
        if now - (connection.closingSince ?? now) > .seconds(2) || connection.channel == nil {
            reap(connection, reason: connection.closeReason ?? "closed")
        }
    }

    /// Frees everything of one connection and tells the handler if it knew about it.
    private func reap(_ connection: SSHConnection, reason: String) {
        guard connectionsByID.removeValue(forKey: connection.id) != nil else { return }
        logger.trace("reaping", metadata: ["conn": "\(connection.id)", "fd": "\(ssh_get_fd(connection.session))", "reason": "\(reason)"])
        endLogin(connection)
        connectionsBySession.removeValue(forKey: connection.session)
        ssh_event_remove_session(connection.event, connection.session)
        ssh_event_free(connection.event)
        if connection.handlerKnows {
            connection.handlerKnows = false
            handler.channelClosed(connection.id, reason: reason)
        }
        if ssh_get_fd(connection.session) >= 0 {
            logger.trace("disconnecting", metadata: ["conn": "\(connection.id)", "fd": "\(ssh_get_fd(connection.session))", "status": "\(ssh_get_status(connection.session))", "reason": "\(reason)"])
            ssh_disconnect(connection.session)
        }
        ssh_free(connection.session)  // also frees the channel
        connection.channel = nil
        logger.debug("connection ended", metadata: ["conn": "\(connection.id)", "reason": "\(reason)"])
    }

    // MARK: Callback bodies (run inside ssh_event_dopoll)

    func openSessionChannel(_ connection: SSHConnection) -> OpaquePointer? {
        guard connection.phase == .authenticated, connection.channel == nil,
            let channel = ssh_channel_new(connection.session)
        else { return nil }
        _ = ssh_set_channel_callbacks(channel, channelCallbacks)
        connection.channel = channel
        return channel
    }

    func subsystemRequested(_ connection: SSHConnection, name: String) -> Bool {
        guard name == "netconf", connection.phase == .authenticated, !connection.needsOpen else {
            logger.info("refused subsystem", metadata: ["conn": "\(connection.id)", "subsystem": "\(PeerText.escaped(name))"])
            return false
        }
        connection.needsOpen = true
        return true
    }

    /// False when the bytes were not taken (input paused): libssh keeps them buffered.
    func received(_ connection: SSHConnection, _ bytes: UnsafeRawBufferPointer) -> Bool {
        if connection.needsOpen {
            // The client may send its hello in the same turn as the subsystem request,
            // before the handler has been told about the channel.
            connection.earlyInput.append(contentsOf: bytes)
            return true
        }
        guard connection.phase == .open else { return true }
        guard !connection.inputPaused else { return false }
        connection.lastInput = ContinuousClock.now
        handler.channelReceived(connection.id, bytes)
        return true
    }

    func inputEnded(_ connection: SSHConnection) {
        if connection.inputPaused {
            connection.eofWhilePaused = true
        } else if connection.phase == .open {
            handler.channelInputEnded(connection.id)
        }
    }

    func channelEnded(_ connection: SSHConnection) {
        if connection.inputPaused, connection.phase == .open {
            connection.closeWhilePaused = true
        } else if connection.phase == .open {
            beginClose(connection, reason: "client closed the channel")
        } else if connection.phase != .closing {
            connection.needsDisconnect = "channel closed"
        }
    }
}
