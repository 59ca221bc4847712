import Datastore
import NetconfModel
import Notifications
import XMLSupport

/// The parameters of `<create-subscription>` (RFC 5277 §2.1.1), checked.
struct SubscriptionRequest {
    static let stream = "NETCONF"

    var filter: RetrievalFilter?
    var start: EventTime?
    var stop: EventTime?

    /// - Parameter now: for RFC 5277's "a startTime later than now is bad-element".
    static func parse(_ request: RPCRequest, now: EventTime) throws(RPCError) -> SubscriptionRequest {
        let namespace = NotificationMessage.namespace
        var parsed = SubscriptionRequest()
        for child in request.operation.childElements {
            let inOwnNamespace = child.namespace == namespace
            switch child.name {
            case "stream" where inOwnNamespace:
                let name = child.textContent.trimmingXMLWhitespace()
                guard name == stream else {
                    throw RPCError.invalidValue("no event stream '\(name)': this server has the stream NETCONF", type: .protocol)
                }
            case "filter" where inOwnNamespace || child.namespace == NetconfNamespace.base:
                parsed.filter = try DatastoreOperation.filter(child, scope: request)
            case "startTime" where inOwnNamespace:
                parsed.start = try time(child)
            case "stopTime" where inOwnNamespace:
                parsed.stop = try time(child)
            default:
                throw RPCError.unknownElement(name: child.name, type: .protocol, message: "<create-subscription> has no parameter <\(child.name)>")
            }
        }
        if parsed.stop != nil, parsed.start == nil {
            throw RPCError.missingElement(name: "startTime", type: .protocol, message: "<stopTime> needs <startTime>")
        }
        if let start = parsed.start, start > now {
            throw RPCError.badElement(name: "startTime", type: .protocol, message: "<startTime> is later than the current time")
        }
        if let start = parsed.start, let stop = parsed.stop, stop < start {
            throw RPCError.badElement(name: "stopTime", type: .protocol, message: "<stopTime> is earlier than <startTime>")
        }
        return parsed
    }

    private static func time(_ element: XMLElement) throws(RPCError) -> EventTime {
        let text = element.textContent.trimmingXMLWhitespace()
        guard let time = EventTime(dateAndTime: text) else {
            throw RPCError.badElement(name: element.name, type: .protocol, message: "'\(text)' is not a date-and-time (RFC 3339)")
        }
        return time
    }
}
