import Datastore
import NetconfModel
import Notifications
import YangData

/// RFC 6470 `netconf-config-change` and `netconf-confirmed-commit` from the datastore's
/// commit path. The datastore calls in on its actor; the call only takes the time and
/// queues the change, and one task (in order) computes the libyang diff and renders the
/// edits, so a commit never waits for its notification.
final class ConfigChangeEvents: CommitObserver {
    private enum Job: Sendable {
        case changed(RunningChange, EventTime)
        case confirmed(ConfirmedCommitEvent, EventTime)
    }

    private let continuation: AsyncStream<Job>.Continuation
    /// The hub's clock: when the change was installed is the event's time.
    private let now: @Sendable () -> EventTime

    init(hub: NotificationHub, sessions: SessionDirectory, context: YangContext) {
        now = hub.now
        let (stream, continuation) = AsyncStream<Job>.makeStream()
        self.continuation = continuation
        let namespaces = Dictionary(context.modules.map { ($0.name, $0.namespace) }, uniquingKeysWith: { first, _ in first })
        Task {
            for await job in stream {
                switch job {
                case .changed(let change, let time):
                    if let event = Self.configChange(change, at: time, by: sessions.changedBy(change.session), namespaces: namespaces) {
                        hub.publish(event)
                    }
                case .confirmed(let event, let time):
                    hub.publish(NetconfEvents.confirmedCommit(at: time, Self.confirmEvent(event)))
                }
            }
        }
    }

    deinit { continuation.finish() }

    func runningChanged(_ change: RunningChange) {
        continuation.yield(.changed(change, now()))
    }

    func confirmedCommit(_ event: ConfirmedCommitEvent, session: SessionID?) {
        continuation.yield(.confirmed(event, now()))
    }

    /// Nil when running did not change (a confirming commit of what runs already).
    private static func configChange(_ change: RunningChange, at time: EventTime, by author: ChangedBy, namespaces: [String: String]) -> NotificationEvent? {
        var edits: [NetconfEvents.Edit] = []
        do {
            let changes = try change.changes()
            guard !changes.isEmpty else { return nil }
            for dataChange in changes {
                guard let target = InstanceIdentifier.render(dataChange.path, namespaceOf: { namespaces[$0] }) else { continue }
                edits.append(NetconfEvents.Edit(target: target, operation: dataChange.operation.rawValue))
            }
        } catch {
            // The edit list is optional (RFC 6470: "MAY be omitted"): without a diff the
            // event still says that running changed and who changed it.
            edits = []
        }
        return NetconfEvents.configChange(at: time, by: author, edits: edits)
    }

    private static func confirmEvent(_ event: ConfirmedCommitEvent) -> NetconfEvents.ConfirmEvent {
        func seconds(_ duration: Duration) -> UInt32 { UInt32(clamping: duration.components.seconds) }
        switch event {
        case .started(let timeout): return .start(timeoutSeconds: seconds(timeout))
        case .extended(let timeout): return .extend(timeoutSeconds: seconds(timeout))
        case .confirmed: return .complete
        case .cancelled: return .cancel
        case .timedOut: return .timeout
        }
    }
}
