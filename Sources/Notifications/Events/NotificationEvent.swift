/// One event of the NETCONF stream (RFC 5277): when it happened, which YANG notification
/// it is, and its content.
public struct NotificationEvent: Sendable, Equatable {
    public let time: EventTime
    /// The YANG module that defines the notification (for NACM, RFC 8341 §3.4.6).
    public let module: String
    /// The notification's name in that module.
    public let name: String
    /// Exactly one namespace-qualified XML element, the notification's content, e.g.
    /// `<netconf-session-start xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-notifications">…`.
    public let contentXML: String

    public init(time: EventTime, module: String, name: String, contentXML: String) {
        self.time = time
        self.module = module
        self.name = name
        self.contentXML = contentXML
    }
}
