public import AccessControl
public import Logging
public import NetconfModel
import NetconfProtocol
public import SSHTransport
import Synchronization
import Datastore

/// Runs NETCONF sessions (RFC 6241) over the channels an `SSHServer` accepts: hands the
/// bytes of each session to its ``SessionWorker``, which runs the session's state machine and
/// dispatches requests through a table of operation handlers, and writes what the workers
/// hand back.
///
/// Threading: every `SSHChannelHandler` method arrives on the SSH reactor thread, which
/// owns the session table and does nothing per message but move bytes: framing, parsing,
/// dispatch and rendering run in each session's worker, whose writes and closes are brought
/// back to the reactor with `SSHServer.schedule`. The handler table is fixed before the
/// transport starts and only read afterwards, from any thread.
public final class NetconfServer: SSHChannelHandler, @unchecked Sendable {
    public let configuration: NetconfServerConfiguration
    private let logger: Logger
    private var sessionClosingHandlers: [@Sendable (SessionID) async -> Void] = []
    private var handlers: [OperationKey: RPCHandler] = [:]
    private var transport: (any NetconfTransport)?
    private var sessions: [ConnectionID: NetconfSession] = [:]
    private var connectionsBySession: [SessionID: ConnectionID] = [:]
    private var nextSessionID: UInt32 = 1
    private let openSessionCount = Atomic<Int>(0)
    private var sessionEndHandlers: [@Sendable (SessionID) -> Void] = []
    /// RFC 6022 statistics of sessions that already ended, plus session counts.
    private var endedTotals = SessionStatistics()
    let startTime = UTCTimestamp.now()
    /// NACM, when enforced (``enforce(_:modulesByNamespace:)``).
    private(set) var accessControl: AccessControl?
    private var modulesByNamespace: [String: String] = [:]
    /// RFC 5277 subscriptions and RFC 6470 events, when served (``serveNotifications``).
    var notificationWiring: NotificationWiring?

    public init(configuration: NetconfServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        handlers[SessionOperations.killSession] = .session(SessionOperations.kill)
        handlers[UnknownOperation.closeSession] = .session({ _, _, _ in .ok })
    }

    /// Connects the server to its transport; call once, before the transport starts.
    public func attach(_ transport: any NetconfTransport) { self.transport = transport }

    /// Adds or replaces the handler of one operation; call before the transport starts.
    public func register(_ key: OperationKey, _ handler: RPCHandler) { handlers[key] = handler }

    /// Enforces `access` (RFC 8341) on every request; `modulesByNamespace` names the YANG module
    /// of each operation's namespace. Call once, before the transport starts.
    public func enforce(_ access: AccessControl, modulesByNamespace: [String: String]) {
        accessControl = access
        self.modulesByNamespace = modulesByNamespace
    }

    /// The rights of `user` for one request.
    func rights(for user: String) -> UserRights {
        accessControl?.rights(for: user) ?? .unrestricted
    }

    /// RFC 8341 §3.4.4: `access-denied` (error-type protocol) when the user may not run the
    /// operation; counted in `denied-operations`.
    private func deniedOperation(_ request: RPCRequest, context: RPCContext) -> RPCReplyContent? {
        guard let accessControl else { return nil }
        let module = modulesByNamespace[request.operation.namespace ?? ""] ?? ""
        guard !context.rights.mayExecute(module: module, rpc: request.operation.name) else { return nil }
        accessControl.countDeniedOperation()
        return .errors([.accessDenied(type: .protocol, message: "access denied: \(request.operation.name) is not permitted to \(context.user)")])
    }

    /// Runs `work` on the transport's thread (where the session table lives).
    func onTransportThread(_ work: @escaping @Sendable () -> Void) {
        if let transport { transport.schedule(work) } else { work() }
    }

    func logNotice(_ message: Logger.Message, session: SessionID) {
        logger.notice(message, metadata: ["session-id": "\(session.rawValue)"])
    }

    /// The open session with this id; reactor thread.
    func liveSession(_ id: SessionID) -> NetconfSession? {
        guard let connection = connectionsBySession[id], let session = sessions[connection], !session.closed else { return nil }
        return session
    }

    /// The transport's unsent output for a connection; reactor thread.
    func transportPendingOutput(_ connection: ConnectionID) -> Int {
        transport?.pendingOutput(connection) ?? 0
    }

    func liveSessions() -> [NetconfSession] {
        sessions.values.filter { !$0.closed }.sorted { $0.id.rawValue < $1.id.rawValue }
    }

    /// Totals over ended and live sessions (RFC 6022 /netconf-state/statistics).
    func statistics() -> SessionStatistics {
        var totals = endedTotals
        for session in sessions.values { totals.add(session.worker.counters) }
        return totals
    }

    /// Called (on the reactor thread) with each session that ends; add before the transport starts.
    public func addSessionEndHandler(_ handler: @escaping @Sendable (SessionID) -> Void) {
        sessionEndHandlers.append(handler)
    }

    /// Run, and awaited, when a session sends `<close-session>`, before its `<ok/>` is written:
    /// what the session holds (locks) is released by the time the client reads the reply.
    /// Add before the transport starts.
    public func addSessionClosingHandler(_ handler: @escaping @Sendable (SessionID) async -> Void) {
        sessionClosingHandlers.append(handler)
        let handlers = sessionClosingHandlers
        register(UnknownOperation.closeSession, .task({ _, context in
            for handler in handlers { await handler(context.sessionID) }
            return .ok
        }))
    }

    public var capabilities: [String] {
        [NetconfCapability.base10, NetconfCapability.base11] + configuration.extraCapabilities
    }

    /// Sessions currently open (any thread).
    public var sessionCount: Int { openSessionCount.load(ordering: .relaxed) }

    // MARK: SSHChannelHandler

    public func channelOpened(_ id: ConnectionID, user: String, peer: String) -> Bool {
        guard sessions.count < configuration.maxSessions else {
            logger.warning("refusing NETCONF session: limit reached", metadata: [
                "user": "\(user)", "peer": "\(peer)", "max-sessions": "\(configuration.maxSessions)",
            ])
            return false
        }
        let sessionID = allocateSessionID()
        var machine = NetconfSessionStateMachine(
            sessionID: sessionID, capabilities: capabilities, maxMessageSize: configuration.maxMessageSize,
            maxReplySize: configuration.maxReplySize)
        // The server hello, written before the worker exists (so before any input).
        let hello = machine.start()
        let liveness = SessionLiveness()
        let worker = SessionWorker(
            connection: id, sessionID: sessionID, user: user, sourceHost: NetconfSession.host(of: peer), machine: machine, liveness: liveness,
            maxInlineInput: configuration.maxInlineInput, server: self)
        let session = NetconfSession(connection: id, id: sessionID, user: user, peer: peer, worker: worker, liveness: liveness)
        endedTotals.sessions += 1
        sessions[id] = session
        connectionsBySession[sessionID] = id
        openSessionCount.add(1, ordering: .relaxed)
        logger.info("NETCONF session started", metadata: [
            "session-id": "\(sessionID.rawValue)", "user": "\(user)", "peer": "\(peer)",
        ])
        for case .write(let bytes) in hello { transport?.write(id, bytes) }
        publishSessionStart(sessionID, user: user, sourceHost: session.peerHost)
        return true
    }

    public func channelReceived(_ id: ConnectionID, _ bytes: UnsafeRawBufferPointer) {
        guard let session = sessions[id], !session.closed else { return }
        if session.worker.receive(bytes) {
            logger.debug("NETCONF input paused: more than 1 MiB unread", metadata: ["session-id": "\(session.id.rawValue)"])
            transport?.setInputPaused(id, true)
        }
    }

    public func channelInputEnded(_ id: ConnectionID) {
        guard let session = sessions[id] else { return }
        session.worker.inputEnded()
    }

    public func channelClosed(_ id: ConnectionID, reason: String) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        connectionsBySession.removeValue(forKey: session.id)
        session.closed = true
        session.liveness.ended()
        session.worker.close()
        openSessionCount.subtract(1, ordering: .relaxed)
        endedTotals.add(session.worker.counters)
        switch session.endReason {
        case .badHello?, .noCommonBaseVersion?: endedTotals.badHellos += 1
        default: break
        }
        if session.endReason != .closeSession { endedTotals.dropped += 1 }
        for handler in sessionEndHandlers { handler(session.id) }
        publishSessionEnd(session.id, reason: session.endReason)
        logger.info("NETCONF session ended", metadata: [
            "session-id": "\(session.id.rawValue)", "user": "\(session.user)", "reason": "\(reason)",
        ])
    }

    // MARK: From the workers (any thread)

    /// A worker's framed output, written from a step that runs on the reactor.
    func writeOnReactor(_ connection: ConnectionID, _ bytes: [UInt8]) {
        guard let session = sessions[connection], !session.closed else { return }
        transport?.write(connection, bytes)
    }

    /// Ends a session from a step that runs on the reactor.
    func end(_ connection: ConnectionID, reason: TerminationReason) {
        guard let session = sessions[connection] else { return }
        end(session, reason: reason)
    }

    /// Hands a worker's framed output to the reactor.
    func write(_ connection: ConnectionID, _ bytes: [UInt8]) {
        onTransportThread { [self] in
            guard let session = sessions[connection], !session.closed else { return }
            transport?.write(connection, bytes)
        }
    }

    /// A worker's session ended (after the writes it handed over before).
    func sessionFinished(_ connection: ConnectionID, reason: TerminationReason) {
        onTransportThread { [self] in
            guard let session = sessions[connection] else { return }
            end(session, reason: reason)
        }
    }

    /// A worker took the input that made the reactor stop reading.
    func resumeInput(_ connection: ConnectionID) {
        onTransportThread { [self] in
            guard let session = sessions[connection], !session.closed else { return }
            logger.debug("NETCONF input resumed", metadata: ["session-id": "\(session.id.rawValue)"])
            transport?.setInputPaused(connection, false)
        }
    }

    /// The reply when it can be given without waiting: an unknown operation, a read the
    /// datastore has published, or (called on the reactor) a session operation. Any thread.
    /// Every request passes here first, so this is where NACM checks the operation.
    func immediateReply(to request: RPCRequest, context: RPCContext, onReactor: Bool) -> RPCReplyContent? {
        let handler = handlers[OperationKey(request)]
        if handler != nil, let denied = deniedOperation(request, context: context) { return denied }
        switch handler {
        case nil:
            return .errors([UnknownOperation.error(namespace: request.operation.namespace, name: request.operation.name, known: handlers.keys)])
        case .answerOrTask(let answer, _):
            return answer(request, context)
        case .session(let run):
            return onReactor ? run(request, context, SessionTable(server: self)) : nil
        case .task?:
            return nil
        }
    }

    /// Runs the request's handler, after ``immediateReply(to:context:)`` had none: a task
    /// handler in the calling task, a session handler on the reactor (it reads the session
    /// table).
    func reply(to request: RPCRequest, context: RPCContext) async -> RPCReplyContent {
        switch handlers[OperationKey(request)] {
        case nil:
            return immediateReply(to: request, context: context, onReactor: false) ?? .errors([])
        case .session(let run):
            return await withCheckedContinuation { continuation in
                onTransportThread { [self] in
                    continuation.resume(returning: run(request, context, SessionTable(server: self)))
                }
            }
        case .task(let run):
            return await run(request, context)
        case .answerOrTask(_, let run):
            return await run(request, context)
        }
    }

    // MARK: Ending sessions (reactor thread)

    private func end(_ session: NetconfSession, reason: TerminationReason) {
        guard !session.closed else { return }
        session.closed = true
        session.endReason = reason
        session.liveness.ended()
        session.worker.close()
        switch reason {
        case .closeSession, .peerClosed:
            logger.debug("closing NETCONF session", metadata: ["session-id": "\(session.id.rawValue)", "reason": "\(reason)"])
        default:
            logger.notice("terminating NETCONF session", metadata: ["session-id": "\(session.id.rawValue)", "reason": "\(reason)"])
        }
        transport?.close(session.connection, reason: "\(reason)")
    }

    private func allocateSessionID() -> SessionID {
        // Session ids are never 0 (RFC 6241 §8.1 reserves it) and never reused while live.
        repeat {
            let candidate = nextSessionID
            nextSessionID = nextSessionID == UInt32.max ? 1 : nextSessionID + 1
            if connectionsBySession[SessionID(rawValue: candidate)] == nil { return SessionID(rawValue: candidate) }
        } while true
    }

    /// Lets session operations look at and kill other sessions.
    private struct SessionTable: SessionControl {
        let server: NetconfServer

        func sessionExists(_ id: SessionID) -> Bool { server.connectionsBySession[id] != nil }

        func kill(_ id: SessionID, by killer: SessionID) {
            guard let connection = server.connectionsBySession[id], let session = server.sessions[connection] else { return }
            server.end(session, reason: .killed(by: killer))
        }
    }
}
