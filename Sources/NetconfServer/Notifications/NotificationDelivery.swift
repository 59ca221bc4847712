import AccessControl
import Notifications
import SSHTransport

/// Sends one subscription's items to its session, in order, at the client's pace: each
/// `<notification>` is handed to the session's worker (written between replies, framed as
/// the session negotiated); while the client leaves more than ``outputHighWater`` bytes
/// unread, nothing more is handed over and events wait in the subscription's bounded queue,
/// which cuts the subscription off when it overflows (``SubscriptionQueue``). Filters and
/// access control run here, in this task, never in the producer's.
struct NotificationDelivery: Sendable {
    /// Unread output of the session past which delivery waits.
    static let outputHighWater = 64 << 10
    /// Bytes handed over between two looks at the session's unread output (each look is a
    /// round trip to the transport's thread, so not one per small event).
    static let checkInterval = 16 << 10

    let subscription: Subscription
    let filter: NotificationFilter?
    let user: String
    let connection: ConnectionID
    let worker: SessionWorker
    let server: NetconfServer
    let now: @Sendable () -> EventTime

    enum Outcome { case completed, cutOff, sessionEnded }

    /// Runs until the subscription ends or the session does.
    func run() async -> Outcome {
        var sentSinceCheck = 0
        while let item = await subscription.next() {
            let message: String
            switch item {
            case .event(let event):
                guard server.rights(for: user).mayReceive(module: event.module, notification: event.name) else {
                    server.accessControl?.countDeniedNotification()
                    continue
                }
                if let filter, !filter.admits(event) { continue }
                message = NotificationMessage.render(event)
            case .replayComplete, .notificationComplete:
                message = NotificationMessage.render(item, at: now())
            }
            guard await worker.sendNotification(message) else { return .sessionEnded }
            if item == .notificationComplete { return subscription.isCutOff ? .cutOff : .completed }
            sentSinceCheck += message.utf8.count
            if sentSinceCheck >= Self.checkInterval {
                sentSinceCheck = 0
                await waitForReader()
            }
        }
        return .sessionEnded
    }

    /// Returns once the client has read enough, or the subscription was cut off meanwhile
    /// (its `notificationComplete` is then all that is left to send: one small message more).
    private func waitForReader() async {
        var pause = Duration.milliseconds(1)
        while await server.pendingOutput(connection) > Self.outputHighWater, !subscription.isCutOff {
            do { try await Task.sleep(for: pause) } catch { return }
            pause = min(pause * 2, .milliseconds(100))
        }
    }
}
