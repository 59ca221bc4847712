/// The `<notification>` message of RFC 5277 §4: the event's time and its content.
public enum NotificationMessage {
    public static let namespace = "urn:ietf:params:xml:ns:netconf:notification:1.0"
    /// nc-notifications (RFC 5277's `replayComplete`, `notificationComplete`, the streams).
    public static let managementNamespace = "urn:ietf:params:xml:ns:netmod:notification"

    public static func render(_ event: NotificationEvent) -> String {
        render(time: event.time, content: event.contentXML)
    }

    /// `replayComplete` or `notificationComplete` at `time`; an event is rendered as
    /// ``render(_:)`` does.
    public static func render(_ item: SubscriptionItem, at time: EventTime) -> String {
        switch item {
        case .event(let event): render(event)
        case .replayComplete: render(time: time, content: "<replayComplete xmlns=\"\(managementNamespace)\"/>")
        case .notificationComplete: render(time: time, content: "<notificationComplete xmlns=\"\(managementNamespace)\"/>")
        }
    }

    static func render(time: EventTime, content: String) -> String {
        "<notification xmlns=\"\(namespace)\"><eventTime>\(time)</eventTime>\(content)</notification>"
    }
}
