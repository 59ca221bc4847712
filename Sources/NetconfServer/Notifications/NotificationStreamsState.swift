public import Datastore
public import Notifications

/// RFC 5277 §3.2.3's stream list for `<get>`: `/netconf/streams` of nc-notifications, the one
/// NETCONF stream, with replay from the log since its creation.
public struct NotificationStreamsState: StateSource {
    let hub: NotificationHub

    public init(hub: NotificationHub) { self.hub = hub }

    public func stateXML() async -> String {
        "<netconf xmlns=\"\(NotificationMessage.managementNamespace)\"><streams><stream><name>\(SubscriptionRequest.stream)</name>"
            + "<description>NETCONF base events (RFC 6470) and Meridian's NTP events</description>"
            + "<replaySupport>true</replaySupport><replayLogCreationTime>\(hub.creationTime)</replayLogCreationTime>"
            + "</stream></streams></netconf>"
    }

    public var topLevelElements: [(name: String, namespace: String)] { [("netconf", NotificationMessage.managementNamespace)] }
}
