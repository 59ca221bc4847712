/// RFC 6470 `changed-by` / common session parameters: who caused an event.
public enum ChangedBy: Sendable, Equatable {
    /// The server itself (a rollback at timeout, a load at start).
    case server
    case user(name: String, sessionID: UInt32, sourceHost: String)

    /// The `common-session-parms` leaves (empty for the server).
    var sessionParameters: String {
        switch self {
        case .server: ""
        case .user(let name, let sessionID, let sourceHost):
            XMLText.element("username", name) + XMLText.element("session-id", String(sessionID))
                + (sourceHost.isEmpty ? "" : XMLText.element("source-host", sourceHost))
        }
    }
}
