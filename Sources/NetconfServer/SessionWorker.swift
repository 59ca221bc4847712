import NetconfModel
import NetconfProtocol
import SSHTransport
import Synchronization

/// Runs one session's state machine off the SSH reactor thread: framing decode, the libxml2
/// parse of each message, dispatch, reply rendering and framing all happen here, in a task
/// on the cooperative pool; the reactor only appends received bytes to the mailbox and
/// writes what this worker hands back.
///
/// Serial: at most one drain runs at a time (the `running` flag, set and cleared under the
/// mailbox lock), so the machine is only ever touched by that drain. Requests are executed
/// one at a time and in order, as the machine dispatches them; a task handler is awaited
/// here, so nothing of this session runs on the reactor.
///
/// Bounds: the machine holds at most ``RequestPipeline`` 's 64 parsed messages behind the
/// one executing (and at most one partial message of `maxMessageSize`); bytes not yet fed
/// to it wait in the mailbox, and past ``inputHighWater`` the reactor stops reading the
/// channel (its SSH window closes, so the client stops sending) until this worker has taken
/// them.
final class SessionWorker: @unchecked Sendable {
    /// Unread input past which the reactor stops reading the channel.
    static let inputHighWater = 1 << 20

    private struct Mailbox {
        var bytes: [UInt8] = []
        var inputEnded = false
        /// The session is over (ended by either side); stop at the next step.
        var closed = false
        /// A drain is running or scheduled.
        var running = false
        /// The reactor stopped reading the channel because `bytes` grew past the high water.
        var inputPaused = false
    }

    let connection: ConnectionID
    private let sessionID: SessionID
    private let user: String
    private unowned let server: NetconfServer
    private let mailbox = Mutex(Mailbox())
    private let publishedCounters = Mutex(SessionCounters())
    /// Touched only by the running drain (see the type's comment).
    private var machine: NetconfSessionStateMachine
    private var inputEndHandled = false

    init(connection: ConnectionID, sessionID: SessionID, user: String, machine: NetconfSessionStateMachine, server: NetconfServer) {
        self.connection = connection
        self.sessionID = sessionID
        self.user = user
        self.machine = machine
        self.server = server
    }

    /// RFC 6022 counters as of the last step (any thread).
    var counters: SessionCounters { publishedCounters.withLock { $0 } }

    // MARK: From the reactor

    /// Queues received bytes; true when the reactor should stop reading the channel.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let (start, pause) = mailbox.withLock { box -> (Bool, Bool) in
            guard !box.closed else { return (false, false) }
            box.bytes.append(contentsOf: bytes)
            let pause = !box.inputPaused && box.bytes.count > Self.inputHighWater
            if pause { box.inputPaused = true }
            return (claim(&box), pause)
        }
        if start { schedule() }
        return pause
    }

    func inputEnded() {
        let start = mailbox.withLock { box -> Bool in
            box.inputEnded = true
            return claim(&box)
        }
        if start { schedule() }
    }

    /// The session is over; whatever is queued is dropped.
    func close() {
        mailbox.withLock { box in
            box.closed = true
            box.bytes = []
        }
    }

    private func claim(_ box: inout Mailbox) -> Bool {
        guard !box.running, !box.closed else { return false }
        box.running = true
        return true
    }

    private func schedule() {
        Task { await self.drain() }
    }

    // MARK: The drain

    private enum Step {
        case input([UInt8], resume: Bool)
        case inputEnded
    }

    private func drain() async {
        while let step = nextStep() {
            switch step {
            case .input(let bytes, let resume):
                if resume { server.resumeInput(connection) }
                guard await run(machine.receive(bytes)) else { return }
            case .inputEnded:
                inputEndHandled = true
                // Everything received has been answered (the machine never leaves a request
                // outstanding between steps).
                close()
                server.sessionFinished(connection, reason: .peerClosed)
                return
            }
        }
    }

    private func nextStep() -> Step? {
        mailbox.withLock { box -> Step? in
            if box.closed {
                box.running = false
                return nil
            }
            if !box.bytes.isEmpty {
                var bytes: [UInt8] = []
                swap(&bytes, &box.bytes)
                let resume = box.inputPaused
                box.inputPaused = false
                return .input(bytes, resume: resume)
            }
            if box.inputEnded, !inputEndHandled { return .inputEnded }
            box.running = false
            return nil
        }
    }

    /// Executes the machine's actions in order, awaiting each dispatched request and feeding
    /// its reply back; writes are handed to the reactor in one batch per step, and before any
    /// wait. Returns false once the session has ended.
    private func run(_ actions: [SessionAction]) async -> Bool {
        var queue = actions[...]
        var output: [UInt8] = []
        defer { publishCounters() }
        while let action = queue.popFirst() {
            switch action {
            case .write(let bytes):
                output.append(contentsOf: bytes)
            case .dispatch(let request):
                let context = RPCContext(sessionID: sessionID, user: user, baseVersion: machine.negotiatedBase ?? .base11)
                let reply: RPCReplyContent
                if let immediate = server.immediateReply(to: request, context: context) {
                    reply = immediate
                } else {
                    flush(&output)
                    publishCounters()
                    reply = await server.reply(to: request, context: context)
                    if mailbox.withLock({ $0.closed }) { return false }
                }
                queue.append(contentsOf: machine.replyReady(reply))
            case .close(let reason):
                flush(&output)
                close()
                server.sessionFinished(connection, reason: reason)
                return false
            }
        }
        flush(&output)
        return true
    }

    private func flush(_ output: inout [UInt8]) {
        guard !output.isEmpty else { return }
        server.write(connection, output)
        output = []
    }

    private func publishCounters() {
        let counters = machine.counters
        publishedCounters.withLock { $0 = counters }
    }
}
