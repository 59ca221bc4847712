/// Where producers (the commit path, the NETCONF server, the NTP engine) hand their events.
/// `publish` never blocks and may be called from any thread.
public protocol EventSink: AnyObject, Sendable {
    func publish(_ event: NotificationEvent)
}
