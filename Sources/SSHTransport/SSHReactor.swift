internal import CLibSSH
internal import CSystemShims
import Glibc
import OSThreads
import Dispatch
import Logging
import Synchronization

/// The thread that owns every libssh object, and a thin shell around the per-connection
/// `SSHConnectionMachine`s: it polls, feeds what libssh reports to the machines, and
/// executes the actions they return (SSHReactor+Actions.swift). Nothing libssh-shaped
/// leaves this thread; other threads talk to it by queueing closures (`schedule`) and
/// waking it through an eventfd.
///
/// The reactor runs its own `poll(2)` over the listening sockets, the eventfd and every
/// session's socket (asking libssh whether it has output waiting), and hands a ready
/// session to libssh through that session's own event. One event per session matters:
/// libssh 0.10 polls the whole event context again from inside calls such as
/// `ssh_channel_write`, and with all sessions in one context a close or error in one
/// session corrupted the poll state of others (observed as about 3% of sessions dropped
/// under concurrent open/close). libssh callbacks only feed the machines; what must not
/// run inside libssh (telling the handler about a session, closing, freeing) comes out of
/// `SSHConnectionMachine.settle` after the poll turn.
///
/// Time: the clock is read once per loop turn (`now`); every timer is a machine's
/// `nextDeadline`, and the poll sleeps until the earliest one.
final class SSHReactor: @unchecked Sendable {
    let configuration: SSHServerConfiguration
    let authenticator: any SSHAuthenticator
    let handler: any SSHChannelHandler
    let logger: Logger
    let limits: SSHConnectionMachine.Limits

    var binds: [SSHBind] = []
    private let wakeFD: Int32
    /// Connections by the session pointer libssh callbacks get.
    var connectionsBySession: [OpaquePointer: SSHConnection] = [:]
    var connectionsByID: [ConnectionID: SSHConnection] = [:]
    /// Each connection's `nextDeadline`, refreshed whenever it is settled.
    var deadlines: [ConnectionID: ContinuousClock.Instant] = [:]
    /// The time of this loop turn: the only clock read.
    var now = ContinuousClock.now
    /// Who may start logging in (per-source limit, MaxStartups).
    var admission: PreLoginAdmission
    var random = SystemRandomNumberGenerator()
    /// Connections refused at accept since the last summary line, by reason.
    var refusals = PreLoginRefusals()
    /// Password checks, off this thread.
    let passwordChecks: PasswordCheckPool
    var nextID: UInt64 = 1
    var acceptReady: [SSHBind] = []
    /// This turn's `poll(2)` set (the eventfd, the listeners, then `polledSessions`).
    private var pollSet: [pollfd] = []
    private var polledSessions: [SSHConnection] = []
    /// Connections that callbacks, timers or queued work touched during this turn; they
    /// are settled after it.
    private var touched: [SSHConnection] = []
    private let queued = Mutex<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private var started = false
    private var reactorThreadID: pthread_t?

    /// Installed on a session once its user has logged in (see SSHReactor+Login.swift).
    let serverCallbacks: UnsafeMutablePointer<ssh_server_callbacks_struct>
    let channelCallbacks: UnsafeMutablePointer<ssh_channel_callbacks_struct>

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
        limits = SSHConnectionMachine.Limits(
            loginGraceTime: configuration.loginGraceTime, idleTimeout: configuration.idleTimeout,
            maxPendingOutput: configuration.maxPendingOutput,
            auth: .init(maxTries: configuration.maxAuthTries, failureDelay: configuration.authFailureDelay))
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
            binds.append(try SSHBind(address, hostKeyPaths: configuration.hostKeyPaths))
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

    // MARK: The loop

    private func run() {
        while !stopRequested.load(ordering: .acquiring) {
            let earliest = deadlines.values.min()
            let ready = waitForReadiness(timeoutMilliseconds: pollTimeoutMilliseconds(until: earliest))
            now = ContinuousClock.now
            dispatch(ready)
            // Free connections libssh saw end before accepting new ones: libssh may already
            // have closed their descriptor, and the kernel would hand that number to a new
            // client while the old session object still refers to it.
            reapEnded()
            acceptPending()
            runQueued()
            // Deadlines only move when a connection is settled, which is after this.
            if let earliest, earliest <= now { fireTimers() }
            logRefusals()
            // Settling can trigger callbacks (libssh reads while it flushes), which may
            // touch more connections; keep going until nothing is left.
            while !touched.isEmpty {
                let batch = touched
                touched.removeAll(keepingCapacity: true)
                for connection in batch { settle(connection) }
            }
        }
        shutdown()
    }

    /// One `poll(2)` over the wake-up eventfd, the listeners and every session; true when
    /// something is ready. Fills `pollSet` and `polledSessions` (kept between turns so a
    /// turn allocates nothing).
    private func waitForReadiness(timeoutMilliseconds: Int32) -> Bool {
        pollSet.removeAll(keepingCapacity: true)
        pollSet.append(pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0))
        for bind in binds { pollSet.append(pollfd(fd: bind.fd, events: Int16(POLLIN), revents: 0)) }
        for connection in connectionsByID.values where connection.event != nil {
            let fd = connection.session.fd
            var events = Int16(POLLIN)
            if connection.session.hasOutputPending { events |= Int16(POLLOUT) }
            pollSet.append(pollfd(fd: fd, events: fd >= 0 ? events : 0, revents: 0))
            polledSessions.append(connection)
        }
        let count = pollSet.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        return count > 0
    }

    /// Hands each ready session to libssh, one at a time, each through its own event.
    private func dispatch(_ ready: Bool) {
        // The turn's references to the sessions end here, as a local's would.
        defer { polledSessions.removeAll(keepingCapacity: true) }
        guard ready else { return }
        if pollSet[0].revents != 0 { drainWake() }
        for (index, bind) in binds.enumerated() where pollSet[1 + index].revents != 0 {
            acceptReady.append(bind)
        }
        let first = 1 + binds.count
        for (offset, connection) in polledSessions.enumerated() where pollSet[first + offset].revents != 0 {
            guard connectionsByID[connection.id] === connection, let event = connection.event else { continue }
            event.poll()
            touch(connection)
            if connection.machine.isLoggingIn { receiveLoginMessages(connection) }
        }
    }

    private func reapEnded() {
        // Settling removes connections from the table: find the ended ones first.
        guard connectionsByID.values.contains(where: { $0.session.isClosed }) else { return }
        for connection in Array(connectionsByID.values) where connection.session.isClosed {
            settle(connection)
        }
    }

    /// Until `earliest`, the earliest deadline of any machine; at most a second (refusal
    /// summaries).
    private func pollTimeoutMilliseconds(until earliest: ContinuousClock.Instant?) -> Int32 {
        let longest: Int64 = 1000
        guard let next = earliest else { return Int32(longest) }
        let left = now.duration(to: next)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(min(longest, milliseconds))
    }

    /// Wakes the machines whose deadline has come.
    private func fireTimers() {
        for (id, deadline) in deadlines where deadline <= now {
            guard let connection = connectionsByID[id] else {
                deadlines[id] = nil
                continue
            }
            let wasRunning = connection.machine.acceptsOutput
            perform(connection.machine.timerFired(now: now), on: connection)
            if wasRunning, !connection.machine.acceptsOutput {
                logger.info("closing idle session", metadata: ["conn": "\(connection.id)"])
            }
            touch(connection)
        }
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
            perform(connection.machine.end(reason: "server shutting down"), on: connection)
        }
        // Every session is freed here, on this thread, rather than whenever the reactor goes.
        touched.removeAll()
        passwordChecks.stop()
        binds.removeAll()
        Glibc.close(wakeFD)
    }

    func drainWake() {
        var value: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(wakeFD, $0.baseAddress, 8) }
    }

    // MARK: Touch and settle

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

    /// After the poll turn: an ended session is disconnected; otherwise queued output is
    /// flushed and the machine says what else to do; its next deadline is recorded.
    private func settle(_ connection: SSHConnection) {
        connection.touched = false
        guard connectionsByID[connection.id] === connection else { return }
        if connection.session.isClosed {
            perform(connection.machine.transportClosed(detail: connection.session.endDescription), on: connection)
            return
        }
        if connection.machine.flushesOutput, !connection.output.isEmpty { flush(connection) }
        perform(connection.machine.settle(now: now, pendingOutput: connection.output.count), on: connection)
        if connectionsByID[connection.id] === connection {
            deadlines[connection.id] = connection.machine.nextDeadline
        }
    }
}
