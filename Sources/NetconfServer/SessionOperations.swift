import NetconfModel
import XMLSupport

/// The session operations of RFC 6241 that the server itself answers (§7.9 kill-session;
/// close-session is handled inside the session state machine).
enum SessionOperations {
    static let killSession = OperationKey(namespace: NetconfNamespace.base, name: "kill-session")

    static func kill(_ request: RPCRequest, _ context: RPCContext, _ control: any SessionControl) -> RPCReplyContent {
        let parameters = request.operation.childElements
        guard let target = request.operation.firstChild(named: "session-id", namespace: NetconfNamespace.base) else {
            return .errors([.missingElement(name: "session-id", type: .protocol)])
        }
        if let unexpected = parameters.first(where: { $0.name != "session-id" || $0.namespace != NetconfNamespace.base }) {
            return .errors([.unknownElement(name: unexpected.name, type: .protocol)])
        }
        let text = target.textContent.trimmingXMLWhitespace()
        guard let raw = UInt32(text), raw != 0 else {
            return .errors([.invalidValue("session-id '\(text)' is not a valid session identifier", type: .protocol)])
        }
        let id = SessionID(rawValue: raw)
        if id == context.sessionID {
            return .errors([.invalidValue("a session cannot kill itself; use close-session", type: .protocol)])
        }
        guard control.sessionExists(id) else {
            return .errors([.invalidValue("no session with session-id \(raw)", type: .protocol)])
        }
        control.kill(id, by: context.sessionID)
        return .ok
    }
}

