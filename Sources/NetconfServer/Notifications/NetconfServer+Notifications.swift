public import Notifications
import NetconfModel
public import Datastore
import NetconfProtocol
import SSHTransport
public import YangData

extension NetconfServer {
    /// The capabilities of RFC 5277 (notifications, and RPCs on a subscribed session).
    public static let notificationCapabilities = [
        "urn:ietf:params:netconf:capability:notification:1.0",
        "urn:ietf:params:netconf:capability:interleave:1.0",
    ]

    /// Serves `<create-subscription>` from `hub` (each subscription with a queue of
    /// `queueCapacity` events), and publishes the session start and end events there. Call
    /// once, before the transport starts.
    public func serveNotifications(_ hub: NotificationHub, context: YangContext, queueCapacity: Int) {
        notificationWiring = NotificationWiring(hub: hub, context: context, queueCapacity: queueCapacity)
        register(OperationKey(namespace: NotificationMessage.namespace, name: "create-subscription"), .session({ request, context, _ in
            self.createSubscription(request, context: context)
        }))
    }

    /// Tells `hub`'s subscribers of each commit and confirmed-commit step of the datastore.
    public func commitObserver() -> (any CommitObserver)? {
        notificationWiring.map { ConfigChangeEvents(hub: $0.hub, sessions: $0.sessions, context: $0.context) }
    }

    /// RFC 5277 §2.1.1, on the reactor thread (so the session cannot end halfway through).
    private func createSubscription(_ request: RPCRequest, context: RPCContext) -> RPCReplyContent {
        guard let wiring = notificationWiring, let session = liveSession(context.sessionID) else {
            return .errors([.operationFailed("the session has ended", type: .protocol)])
        }
        let now = wiring.hub.now()
        let parsed: SubscriptionRequest
        let filter: NotificationFilter?
        do throws(RPCError) {
            parsed = try SubscriptionRequest.parse(request, now: now)
            filter = try parsed.filter.map { filter throws(RPCError) in try NotificationFilter(filter, context: wiring.context) }
        } catch {
            return .errors([error])
        }
        let inUse = RPCError.inUse(message: "this session already has a subscription (RFC 5277: one per session)")
        guard !wiring.hasSubscription(session.id) else { return .errors([inUse]) }
        let subscription = wiring.hub.subscribe(capacity: wiring.queueCapacity, start: parsed.start, stop: parsed.stop)
        guard wiring.register(subscription, for: session.id) else {
            subscription.cancel()
            return .errors([inUse])
        }
        let delivery = NotificationDelivery(
            subscription: subscription, filter: filter, user: session.user, connection: session.connection, worker: session.worker,
            server: self, now: wiring.hub.now)
        let sessionID = session.id
        Task {
            let stopTimer = parsed.stop.flatMap { stop -> Task<Void, Never>? in
                guard stop > now else { return nil }
                return Task {
                    do { try await Task.sleep(for: .microseconds(stop.microseconds - now.microseconds)) } catch { return }
                    subscription.stopTimeReached()
                }
            }
            let outcome = await delivery.run()
            if outcome == .cutOff {
                self.logNotice("subscription ended: the client fell more than \(wiring.queueCapacity) events behind", session: sessionID)
            }
            stopTimer?.cancel()
            wiring.unregister(subscription, for: sessionID)
            subscription.cancel()
        }
        return .ok
    }

    /// Bytes written to a connection and not yet sent (any thread).
    func pendingOutput(_ connection: ConnectionID) async -> Int {
        await withCheckedContinuation { continuation in
            onTransportThread { [self] in continuation.resume(returning: transportPendingOutput(connection)) }
        }
    }

    // MARK: Session events (reactor thread)

    func publishSessionStart(_ id: SessionID, user: String, sourceHost: String) {
        guard let wiring = notificationWiring else { return }
        wiring.sessions.started(id, user: user, sourceHost: sourceHost)
        wiring.hub.publish(NetconfEvents.sessionStart(at: wiring.hub.now(), by: wiring.sessions.changedBy(id)))
    }

    func publishSessionEnd(_ id: SessionID, reason: TerminationReason?) {
        guard let wiring = notificationWiring else { return }
        let who = wiring.sessions.changedBy(id)
        wiring.sessionEnded(id)
        var killedBy: UInt32?
        let mapped: NetconfEvents.TerminationReason
        switch reason {
        case .closeSession?: mapped = .closed
        case .killed(let killer)?:
            mapped = .killed
            killedBy = killer.rawValue
        case nil, .peerClosed?, .transportFailure?: mapped = .dropped
        case .idleTimeout?: mapped = .timeout
        case .badHello?, .noCommonBaseVersion?: mapped = .badHello
        case .framingError?, .inputBacklogExceeded?, .serverShutdown?: mapped = .other
        }
        wiring.hub.publish(NetconfEvents.sessionEnd(at: wiring.hub.now(), by: who, reason: mapped, killedBy: killedBy))
    }
}
