public import Logging
public import NetconfModel
import NetconfProtocol
public import SSHTransport
import Synchronization
import Datastore

/// Runs NETCONF sessions (RFC 6241) over the channels an `SSHServer` accepts: feeds
/// bytes to each session's state machine, executes the actions it returns, and
/// dispatches requests through a table of operation handlers.
///
/// Threading: every `SSHChannelHandler` method arrives on the SSH reactor thread, and
/// replies of task handlers are brought back there with `SSHServer.schedule`, so the
/// session table and the machines are only ever touched by that one thread.
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

    /// Runs `work` on the transport's thread (where the session table lives).
    func onTransportThread(_ work: @escaping @Sendable () -> Void) {
        if let transport { transport.schedule(work) } else { work() }
    }

    func liveSessions() -> [NetconfSession] {
        sessions.values.filter { !$0.closed }.sorted { $0.id.rawValue < $1.id.rawValue }
    }

    /// Totals over ended and live sessions (RFC 6022 /netconf-state/statistics).
    func statistics() -> SessionStatistics {
        var totals = endedTotals
        for session in sessions.values { totals.add(session.machine.counters) }
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
        let machine = NetconfSessionStateMachine(
            sessionID: sessionID, capabilities: capabilities, maxMessageSize: configuration.maxMessageSize)
        let session = NetconfSession(connection: id, id: sessionID, user: user, peer: peer, machine: machine)
        endedTotals.sessions += 1
        sessions[id] = session
        connectionsBySession[sessionID] = id
        openSessionCount.add(1, ordering: .relaxed)
        logger.info("NETCONF session started", metadata: [
            "session-id": "\(sessionID.rawValue)", "user": "\(user)", "peer": "\(peer)",
        ])
        perform(session.machine.start(), for: session)
        return true
    }

    public func channelReceived(_ id: ConnectionID, _ bytes: UnsafeRawBufferPointer) {
        guard let session = sessions[id], !session.closed else { return }
        perform(session.machine.receive(bytes), for: session)
    }

    public func channelInputEnded(_ id: ConnectionID) {
        guard let session = sessions[id] else { return }
        session.inputEnded = true
        closeIfDone(session)
    }

    public func channelClosed(_ id: ConnectionID, reason: String) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        connectionsBySession.removeValue(forKey: session.id)
        session.closed = true
        session.liveness.ended()
        openSessionCount.subtract(1, ordering: .relaxed)
        endedTotals.add(session.machine.counters)
        if case .badHello = session.machine.terminationReason { endedTotals.badHellos += 1 }
        if case .noCommonBaseVersion = session.machine.terminationReason { endedTotals.badHellos += 1 }
        if session.machine.terminationReason != .closeSession { endedTotals.dropped += 1 }
        for handler in sessionEndHandlers { handler(session.id) }
        logger.info("NETCONF session ended", metadata: [
            "session-id": "\(session.id.rawValue)", "user": "\(session.user)", "reason": "\(reason)",
        ])
    }

    // MARK: Actions

    private func perform(_ actions: [SessionAction], for session: NetconfSession) {
        for action in actions {
            switch action {
            case .write(let bytes):
                transport?.write(session.connection, bytes)
            case .dispatch(let request):
                session.requestInFlight = true
                dispatch(request, for: session)
            case .close(let reason):
                end(session, reason: reason)
            }
        }
    }

    private func dispatch(_ request: RPCRequest, for session: NetconfSession) {
        let liveness = session.liveness
        let context = RPCContext(
            sessionID: session.id, user: session.user, baseVersion: session.machine.negotiatedBase ?? .base11,
            isOpen: { liveness.isOpen })
        let key = OperationKey(namespace: request.operation.namespace ?? "", name: request.operation.name)
        switch handlers[key] {
        case nil:
            let error = UnknownOperation.error(namespace: request.operation.namespace, name: request.operation.name, known: handlers.keys)
            deliver(.errors([error]), to: session)
        case .session(let run):
            deliver(run(request, context, SessionTable(server: self)), to: session)
        case .task(let run):
            runTask(run, request, context, for: session)
        case .answerOrTask(let answer, let run):
            if let reply = answer(request, context) {
                deliver(reply, to: session)
            } else {
                runTask(run, request, context, for: session)
            }
        }
    }

    private func runTask(
        _ run: @escaping @Sendable (RPCRequest, RPCContext) async -> RPCReplyContent,
        _ request: RPCRequest, _ context: RPCContext, for session: NetconfSession
    ) {
        let connection = session.connection
        Task { [self] in
            let reply = await run(request, context)
            transport?.schedule { [self] in
                guard let session = sessions[connection], !session.closed else { return }
                deliver(reply, to: session)
            }
        }
    }

    private func deliver(_ reply: RPCReplyContent, to session: NetconfSession) {
        session.requestInFlight = false
        perform(session.machine.replyReady(reply), for: session)
        closeIfDone(session)
    }

    private func closeIfDone(_ session: NetconfSession) {
        if session.inputEnded, !session.requestInFlight, !session.closed {
            end(session, reason: .peerClosed)
        }
    }

    private func end(_ session: NetconfSession, reason: TerminationReason) {
        guard !session.closed else { return }
        session.closed = true
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
            server.perform(session.machine.killed(by: killer), for: session)
        }
    }
}
