public import NetconfModel
import XMLSupport

/// One NETCONF session (RFC 6241, RFC 6242) as a pure state machine: bytes and events in,
/// ``SessionAction``s out. No sockets, clocks or SSH; the shell executes the actions.
///
/// Requests are dispatched one at a time, in arrival order; later requests are read, checked
/// and queued while one executes, and anything answered without dispatch (errors,
/// `<close-session>`) waits its turn, so replies always go out in request order.
public struct NetconfSessionStateMachine: Sendable {
    private enum State: Sendable {
        /// RFC 6241 §8.1: the server hello is sent; the client's must come first, framed
        /// end-of-message. See ``AwaitingClientHelloState``.
        case awaitingClientHello(AwaitingClientHelloState)
        /// Hellos exchanged, base version and framing fixed; `<rpc>`s are read, checked and
        /// dispatched one at a time. See ``EstablishedState``.
        case established(EstablishedState)
        /// `<close-session>` (or a late `<hello>`) is queued: no more input is read, earlier
        /// requests are still answered. See ``ClosingState``.
        case closing(ClosingState)
        /// The session is over; the shell closes the channel. See ``ClosedState``.
        case closed(ClosedState)
    }

    public let sessionID: SessionID
    public let serverCapabilities: [String]
    public let maxMessageSize: Int
    /// The largest reply written; a larger one is replaced by a `too-big` `<rpc-error>`.
    public let maxReplySize: Int
    public private(set) var counters = SessionCounters()

    private var state: State
    private var decoder: FrameDecoder
    private var encoder = FrameEncoder()
    private var pipeline: RequestPipeline
    private var helloSent = false

    /// - Parameters:
    ///   - capabilities: the server's capabilities, including the base versions it speaks.
    ///   - maxMessageSize: the largest message accepted, in octets; also bounds the parser and
    ///     the input read ahead while requests are queued.
    ///   - maxReplySize: the largest reply sent, in octets before framing; a reply that would
    ///     be larger is answered with `too-big` (error-type application) instead, and the
    ///     session goes on.
    public init(
        sessionID: SessionID, capabilities: [String], maxMessageSize: Int = 16 * 1024 * 1024,
        maxReplySize: Int = 16 * 1024 * 1024
    ) {
        self.sessionID = sessionID
        self.serverCapabilities = capabilities
        self.maxMessageSize = max(1, maxMessageSize)
        self.maxReplySize = max(1024, maxReplySize)
        self.decoder = FrameDecoder(maxMessageSize: self.maxMessageSize)
        self.pipeline = RequestPipeline(maxQueuedBytes: self.maxMessageSize)
        self.state = .awaitingClientHello(AwaitingClientHelloState(
            serverCapabilities: capabilities,
            parseLimits: XMLParseLimits(maxBytes: self.maxMessageSize)))
    }

    // MARK: Observation

    public var phase: SessionPhase {
        switch state {
        case .awaitingClientHello: .awaitingClientHello
        case .established: .established
        case .closing: .closing
        case .closed: .closed
        }
    }

    public var isEstablished: Bool { phase == .established }

    /// The base version agreed in the hello exchange; nil before it.
    public var negotiatedBase: NetconfBaseVersion? { establishedState?.baseVersion }

    /// The capabilities the client announced; empty before its hello.
    public var clientCapabilities: [String] { establishedState?.clientCapabilities ?? [] }

    /// Input received and not yet read as a whole message (a partial message, or messages
    /// held back while the pipeline is full): what the next ``receive(_:)`` may have to parse
    /// besides its own bytes.
    public var bufferedInputCount: Int { decoder.bufferedByteCount }

    /// The request dispatched and not yet answered.
    public var outstandingRequest: RPCRequest? { pipeline.outstanding }

    /// Why the session ended, once it has.
    public var terminationReason: TerminationReason? {
        if case .closed(let closed) = state { closed.reason } else { nil }
    }

    /// False while the pipeline is full: the shell may stop reading from the transport until
    /// a reply frees room (input received meanwhile is still accepted, up to a limit).
    public var isAcceptingInput: Bool {
        switch state {
        case .awaitingClientHello: true
        case .established: pipeline.hasRoom
        case .closing, .closed: false
        }
    }

    private var establishedState: EstablishedState? {
        switch state {
        case .established(let established): established
        case .closing(let closing): closing.established
        case .awaitingClientHello, .closed: nil
        }
    }

    // MARK: Inputs

    /// The server `<hello>`, end-of-message framed. Returns it once; later calls return [].
    public mutating func start() -> [SessionAction] {
        guard !helloSent, case .awaitingClientHello = state else { return [] }
        helloSent = true
        let hello = HelloMessage.server(sessionID: sessionID, capabilities: serverCapabilities)
        return [.write(encoder.encode(hello))]
    }

    /// Bytes from the client, in any fragmentation.
    public mutating func receive(_ bytes: some Collection<UInt8>) -> [SessionAction] {
        var actions = start()
        switch state {
        case .awaitingClientHello, .established:
            decoder.append(bytes)
            process(into: &actions)
        case .closing, .closed:
            break
        }
        return actions
    }

    /// The outcome of the request last dispatched. Writes its reply, then moves on to the
    /// messages queued behind it. Ignored when no request is outstanding.
    public mutating func replyReady(_ content: RPCReplyContent) -> [SessionAction] {
        guard establishedState != nil, let request = pipeline.finishExecuting() else { return [] }
        var actions = [writeReply(content, to: request)]
        if request.operation.name == "close-session", request.operation.namespace == NetconfNamespace.base {
            actions.append(close(.closeSession))
            return actions
        }
        process(into: &actions)
        return actions
    }

    /// A `<notification>` (RFC 5277 §4) to send between replies, framed as the session
    /// negotiated; nothing once the session is closing or before its hello exchange.
    public mutating func sendNotification(_ message: String) -> [SessionAction] {
        guard case .established = state else { return [] }
        counters.outNotifications &+= 1
        return [.write(encoder.encode(message))]
    }

    /// Another session's `<kill-session>` named this one.
    public mutating func killed(by killer: SessionID) -> [SessionAction] {
        terminate(.killed(by: killer))
    }

    /// Ends the session for a reason decided outside the protocol (idle timeout, shutdown,
    /// transport failure, peer gone). Returns [] when already closed.
    public mutating func terminate(_ reason: TerminationReason) -> [SessionAction] {
        if case .closed = state { return [] }
        return [close(reason)]
    }

    // MARK: Processing

    /// Reads and handles messages until input runs out, a request is executing and the queue
    /// is full, or the session ends.
    private mutating func process(into actions: inout [SessionAction]) {
        while true {
            switch state {
            case .closed:
                return
            case .awaitingClientHello(let awaiting):
                guard let message = nextMessage(into: &actions) else { return }
                switch awaiting.receiveHello(message) {
                case .established(let established):
                    state = .established(established)
                    if established.baseVersion == .base11 {
                        decoder.switchToChunked()
                        encoder.switchToChunked()
                    }
                case .rejected(let reason):
                    actions.append(close(reason))
                }
            case .established(let established):
                if runQueuedMessage(into: &actions) { continue }
                guard pipeline.hasRoom else {
                    if decoder.bufferedByteCount > maxMessageSize { actions.append(close(.inputBacklogExceeded)) }
                    return
                }
                guard let message = nextMessage(into: &actions) else { return }
                let (pending, isCorrectRPC) = established.classify(message)
                count(isCorrectRPC: isCorrectRPC)
                if pending.endsInput { state = .closing(ClosingState(established: established)) }
                pipeline.enqueue(pending, size: message.count)
            case .closing:
                if !runQueuedMessage(into: &actions) { return }
            }
        }
    }

    /// Runs the next queued message if no request is executing; true when one was run.
    private mutating func runQueuedMessage(into actions: inout [SessionAction]) -> Bool {
        guard pipeline.outstanding == nil, let pending = pipeline.dequeue() else { return false }
        switch pending {
        case .request(let request):
            pipeline.startExecuting(request)
            actions.append(.dispatch(request))
        case .closeSession(let request):
            // Dispatched like any request (the shell releases what the session holds), the
            // session closes once its reply is written (``replyReady(_:)``).
            pipeline.startExecuting(request)
            actions.append(.dispatch(request))
        case .rejection(let rejection):
            actions.append(write(
                RPCReplyRenderer.render(.errors(rejection.errors), echoing: rejection.attributes,
                                        namespaceDeclarations: rejection.namespaceDeclarations),
                isError: true))
        case .terminate(let reason):
            actions.append(close(reason))
        }
        return true
    }

    private mutating func nextMessage(into actions: inout [SessionAction]) -> [UInt8]? {
        do {
            return try decoder.nextMessage()
        } catch {
            actions.append(close(.framingError(error)))
            return nil
        }
    }

    private mutating func writeReply(_ content: RPCReplyContent, to request: RPCRequest) -> SessionAction {
        let reply = RPCReplyRenderer.render(content, for: request)
        guard reply.utf8.count > maxReplySize else { return write(reply, isError: content.isError) }
        let error = RPCError.tooBig(type: .application, message:
            "the reply would be \(reply.utf8.count) bytes, more than this server's limit of \(maxReplySize) bytes;"
            + " select less with a filter")
        return write(RPCReplyRenderer.render(.errors([error]), for: request), isError: true)
    }

    private mutating func write(_ reply: String, isError: Bool) -> SessionAction {
        if isError { counters.outRPCErrors &+= 1 }
        return .write(encoder.encode(reply))
    }

    private mutating func count(isCorrectRPC: Bool) {
        if isCorrectRPC { counters.inRPCs &+= 1 } else { counters.inBadRPCs &+= 1 }
    }

    private mutating func close(_ reason: TerminationReason) -> SessionAction {
        state = .closed(ClosedState(reason: reason))
        pipeline = RequestPipeline(maxQueuedBytes: maxMessageSize)
        decoder = FrameDecoder(maxMessageSize: maxMessageSize)
        return .close(reason)
    }
}
