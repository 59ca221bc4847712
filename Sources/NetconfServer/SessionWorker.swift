import NetconfModel
import NetconfProtocol
import SSHTransport
import Synchronization

/// Runs one session's state machine: framing decode, the libxml2 parse of each message,
/// dispatch, reply rendering and framing. The reactor appends received bytes to the mailbox;
/// the work runs in a task on the cooperative pool (a *drain*), or, for a small input on an
/// idle session, on the reactor at once (see below).
///
/// Serial: one step at a time, claimed with the `running` flag under the mailbox lock, so
/// the machine is only ever touched by whoever holds the claim. Requests execute one at a
/// time and in order, as the machine dispatches them; a task handler is awaited in the
/// drain, never on the reactor.
///
/// Inline steps: a thread hop each way costs more than the whole parse and answer of a
/// small request (on a 2-vCPU VM, 2 more context switches per RPC: round trip +50 %, CPU per
/// RPC ×1.6 to ×2). So when the session is idle and all its unread input (the new bytes and
/// what the decoder holds) is at most `maxInlineInput`, the reactor runs the step itself:
/// framing, parse and the replies that need no wait (unknown operations, published reads);
/// the first request that needs a task hands the rest to a drain. The reactor's work per
/// step is bounded by that size (the parser's per-element limits keep it linear); a larger
/// input, a partial large message, or anything arriving while a drain runs goes to the
/// drain. `maxInlineInput` 0 keeps every step off the reactor.
///
/// Bounds: the machine holds at most ``RequestPipeline`` 's 64 parsed messages behind the
/// one executing (and at most one partial message of `maxMessageSize`); bytes not yet taken
/// wait in the mailbox, and past ``inputHighWater`` the reactor stops reading the channel
/// (its SSH window closes, so the client stops sending) until a drain has taken them.
final class SessionWorker: @unchecked Sendable {
    /// Unread input past which the reactor stops reading the channel.
    static let inputHighWater = 1 << 20

    private struct Mailbox {
        var bytes: [UInt8] = []
        var inputEnded = false
        /// The session is over (ended by either side); stop at the next step.
        var closed = false
        /// A step is running (inline or a drain) or a drain is scheduled.
        var running = false
        /// The reactor stopped reading the channel because `bytes` grew past the high water.
        var inputPaused = false
        /// Notifications to write between replies, each with whoever waits for it to be written.
        var notifications: [(message: String, written: CheckedContinuation<Bool, Never>)] = []
    }

    /// Where a step's output goes: straight to the transport on the reactor, or through
    /// `schedule` from a drain.
    private enum Thread { case reactor, drain }

    let connection: ConnectionID
    private let sessionID: SessionID
    private let user: String
    private let sourceHost: String
    private let liveness: SessionLiveness
    private let maxInlineInput: Int
    private unowned let server: NetconfServer
    private let mailbox = Mutex(Mailbox())
    private let publishedCounters = Mutex(SessionCounters())
    /// Touched only by the holder of the claim (see the type's comment).
    private var machine: NetconfSessionStateMachine
    private var inputEndHandled = false

    init(
        connection: ConnectionID, sessionID: SessionID, user: String, sourceHost: String, machine: NetconfSessionStateMachine,
        liveness: SessionLiveness, maxInlineInput: Int, server: NetconfServer
    ) {
        self.connection = connection
        self.sessionID = sessionID
        self.user = user
        self.sourceHost = sourceHost
        self.machine = machine
        self.liveness = liveness
        self.maxInlineInput = maxInlineInput
        self.server = server
    }

    /// RFC 6022 counters as of the last step (any thread).
    var counters: SessionCounters { publishedCounters.withLock { $0 } }

    // MARK: From the reactor

    /// Runs a step on the received bytes now, or queues them for a drain; true when the
    /// reactor should stop reading the channel. Reactor thread.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        enum Decision { case inline, schedule, queued(pause: Bool) }
        let decision = mailbox.withLock { box -> Decision in
            guard !box.closed else { return .queued(pause: false) }
            if maxInlineInput > 0, bytes.count <= maxInlineInput, box.bytes.isEmpty, !box.running {
                box.running = true
                return .inline  // the bytes are fed from the caller's buffer, not copied here
            }
            box.bytes.append(contentsOf: bytes)
            let pause = !box.inputPaused && box.bytes.count > Self.inputHighWater
            if pause { box.inputPaused = true }
            return claim(&box) ? .schedule : .queued(pause: pause)
        }
        switch decision {
        case .inline:
            if machine.bufferedInputCount + bytes.count <= maxInlineInput {
                stepInline(bytes)
            } else {
                mailbox.withLock { $0.bytes.append(contentsOf: bytes) }
                schedule([])
            }
            return false
        case .schedule:
            schedule([])
            return false
        case .queued(let pause):
            return pause
        }
    }

    func inputEnded() {
        let claimed = mailbox.withLock { box -> Bool in
            box.inputEnded = true
            return claim(&box)
        }
        if claimed { schedule([]) }
    }

    /// The session is over; whatever is queued is dropped.
    func close() {
        let dropped = mailbox.withLock { box in
            box.closed = true
            box.bytes = []
            defer { box.notifications = [] }
            return box.notifications
        }
        for notification in dropped { notification.written.resume(returning: false) }
    }

    // MARK: Notifications (any thread)

    /// Writes a `<notification>` between replies (never inside one, never before the reply to
    /// the request being executed); returns once it is handed to the transport, false when
    /// the session is over. One subscription sends one at a time, so at most one waits here.
    func sendNotification(_ message: String) async -> Bool {
        await withCheckedContinuation { continuation in
            let claimed = mailbox.withLock { box -> Bool? in
                guard !box.closed else { return nil }
                box.notifications.append((message, continuation))
                return claim(&box)
            }
            switch claimed {
            case nil: continuation.resume(returning: false)
            case true?: schedule([])
            case false?: break
            }
        }
    }

    private func claim(_ box: inout Mailbox) -> Bool {
        guard !box.running, !box.closed else { return false }
        box.running = true
        return true
    }

    /// Gives up the claim, unless more came meanwhile: then a drain takes it over.
    private func release() {
        let more = mailbox.withLock { box -> Bool in
            if !box.closed, !box.bytes.isEmpty || !box.notifications.isEmpty || (box.inputEnded && !inputEndHandled) { return true }
            box.running = false
            return false
        }
        if more { schedule([]) }
    }

    private func schedule(_ actions: [SessionAction]) {
        Task { await self.drain(startingWith: actions) }
    }

    // MARK: Inline on the reactor

    /// One step on the reactor, holding the claim: the machine reads `bytes`, and the replies
    /// that need no wait are written; a request that needs a task hands the rest to a drain.
    private func stepInline(_ bytes: UnsafeRawBufferPointer) {
        var actions = machine.receive(bytes)
        var next = 0
        guard runWithoutWaiting(&actions, from: &next, on: .reactor) else { return }  // ended
        publishCounters()
        if next == actions.count {
            release()
        } else {
            schedule(Array(actions[next...]))  // the drain takes the claim over
        }
    }

    // MARK: The drain

    private enum Step {
        case input([UInt8], resume: Bool)
        case inputEnded
        case notifications([(message: String, written: CheckedContinuation<Bool, Never>)])
    }

    private func drain(startingWith initial: [SessionAction]) async {
        if !initial.isEmpty {
            guard await run(initial) else { return }
        }
        while let step = nextStep() {
            switch step {
            case .input(let bytes, let resume):
                if resume { server.resumeInput(connection) }
                guard await run(machine.receive(bytes)) else { return }
            case .notifications(let notifications):
                var output: [UInt8] = []
                for notification in notifications {
                    for case .write(let bytes) in machine.sendNotification(notification.message) { output += bytes }
                }
                write(output, on: .drain)
                publishCounters()
                for notification in notifications { notification.written.resume(returning: true) }
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

    /// The next thing to do, or nil after giving up the claim.
    private func nextStep() -> Step? {
        mailbox.withLock { box -> Step? in
            if box.closed {
                box.running = false
                return nil
            }
            if !box.notifications.isEmpty {
                defer { box.notifications = [] }
                return .notifications(box.notifications)
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

    /// Executes the machine's actions in order, awaiting each request that needs a task and
    /// feeding its reply back. Returns false once the session has ended.
    private func run(_ initial: [SessionAction]) async -> Bool {
        var actions = initial
        var next = 0
        defer { publishCounters() }
        while true {
            guard runWithoutWaiting(&actions, from: &next, on: .drain) else { return false }
            guard next < actions.count, case .dispatch(let request) = actions[next] else { return true }
            actions.removeFirst(next + 1)
            next = 0
            publishCounters()
            let reply = await server.reply(to: request, context: context())
            if mailbox.withLock({ $0.closed }) { return false }
            actions.append(contentsOf: machine.replyReady(reply))
        }
    }

    /// Executes `actions` from `next` on until one is a request that needs a task (`next`
    /// is left at it) or none is left; replies fed back to the machine append their actions.
    /// The output goes out in one batch. False once the session has ended.
    private func runWithoutWaiting(_ actions: inout [SessionAction], from next: inout Int, on thread: Thread) -> Bool {
        var output: [UInt8] = []
        defer { if !output.isEmpty { write(output, on: thread) } }
        while next < actions.count {
            switch actions[next] {
            case .write(let bytes):
                if output.isEmpty { output = bytes } else { output.append(contentsOf: bytes) }
            case .dispatch(let request):
                guard let reply = server.immediateReply(to: request, context: context(), onReactor: thread == .reactor) else {
                    return true
                }
                actions.append(contentsOf: machine.replyReady(reply))
            case .close(let reason):
                write(output, on: thread)
                output = []
                close()
                publishCounters()
                switch thread {
                case .reactor: server.end(connection, reason: reason)
                case .drain: server.sessionFinished(connection, reason: reason)
                }
                return false
            }
            next += 1
        }
        return true
    }

    private func context() -> RPCContext {
        let liveness = liveness
        return RPCContext(
            sessionID: sessionID, user: user, sourceHost: sourceHost, baseVersion: machine.negotiatedBase ?? .base11,
            isOpen: { liveness.isOpen }, rights: server.rights(for: user))
    }

    private func write(_ output: [UInt8], on thread: Thread) {
        guard !output.isEmpty else { return }
        switch thread {
        case .reactor: server.writeOnReactor(connection, output)
        case .drain: server.write(connection, output)
        }
    }

    private func publishCounters() {
        let counters = machine.counters
        publishedCounters.withLock { $0 = counters }
    }
}
