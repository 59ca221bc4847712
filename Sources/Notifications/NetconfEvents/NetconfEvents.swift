/// The ietf-netconf-notifications events of RFC 6470 as ``NotificationEvent``s, pure.
public enum NetconfEvents {
    public static let module = "ietf-netconf-notifications"
    public static let namespace = "urn:ietf:params:xml:ns:yang:ietf-netconf-notifications"

    /// One edit of `netconf-config-change`: an instance-identifier rendered for XML
    /// (``InstanceIdentifier``) and the operation (create, delete, replace, merge, remove).
    public struct Edit: Sendable, Equatable {
        public var target: InstanceIdentifier.Rendered
        public var operation: String

        public init(target: InstanceIdentifier.Rendered, operation: String) {
            self.target = target
            self.operation = operation
        }
    }

    public static func configChange(at time: EventTime, by author: ChangedBy, datastore: String = "running", edits: [Edit]) -> NotificationEvent {
        let changedBy = author == .server ? "<changed-by><server/></changed-by>" : "<changed-by>\(author.sessionParameters)</changed-by>"
        var content = "<netconf-config-change xmlns=\"\(namespace)\">\(changedBy)" + XMLText.element("datastore", datastore)
        for edit in edits {
            content += "<edit>" + XMLText.element("target", edit.target.text, attributes: edit.target.namespaceAttributes)
                + XMLText.element("operation", edit.operation) + "</edit>"
        }
        return event("netconf-config-change", at: time, content + "</netconf-config-change>")
    }

    public static func capabilityChange(at time: EventTime, by author: ChangedBy, added: [String], deleted: [String]) -> NotificationEvent {
        let changedBy = author == .server ? "<changed-by><server/></changed-by>" : "<changed-by>\(author.sessionParameters)</changed-by>"
        let content = "<netconf-capability-change xmlns=\"\(namespace)\">\(changedBy)"
            + added.map { XMLText.element("added-capability", $0) }.joined()
            + deleted.map { XMLText.element("deleted-capability", $0) }.joined() + "</netconf-capability-change>"
        return event("netconf-capability-change", at: time, content)
    }

    public static func sessionStart(at time: EventTime, by author: ChangedBy) -> NotificationEvent {
        event("netconf-session-start", at: time, "<netconf-session-start xmlns=\"\(namespace)\">\(author.sessionParameters)</netconf-session-start>")
    }

    /// RFC 6470 `termination-reason`.
    public enum TerminationReason: String, Sendable {
        case closed, killed, dropped, timeout, badHello = "bad-hello", other
    }

    public static func sessionEnd(at time: EventTime, by author: ChangedBy, reason: TerminationReason, killedBy: UInt32?) -> NotificationEvent {
        var content = "<netconf-session-end xmlns=\"\(namespace)\">\(author.sessionParameters)"
        if reason == .killed, let killedBy { content += XMLText.element("killed-by", String(killedBy)) }
        content += XMLText.element("termination-reason", reason.rawValue) + "</netconf-session-end>"
        return event("netconf-session-end", at: time, content)
    }

    /// RFC 6470 `confirm-event`; `start` and `extend` carry the timeout in seconds.
    public enum ConfirmEvent: Sendable, Equatable {
        case start(timeoutSeconds: UInt32), cancel, timeout, extend(timeoutSeconds: UInt32), complete
    }

    /// `netconf-confirmed-commit`. The common session parameters are left out: the module's
    /// `when "../confirm-event != 'timeout'"` on them is written relative to the
    /// notification, and libyang (2.1) evaluates it as false for every event, so an instance
    /// that carries them does not validate against ietf-netconf-notifications@2012-02-06.
    /// Who confirmed or cancelled is in the `netconf-config-change` that goes with it.
    public static func confirmedCommit(at time: EventTime, _ confirm: ConfirmEvent) -> NotificationEvent {
        var content = "<netconf-confirmed-commit xmlns=\"\(namespace)\">"
        switch confirm {
        case .start(let timeout): content += "<confirm-event>start</confirm-event>" + XMLText.element("timeout", String(timeout))
        case .extend(let timeout): content += "<confirm-event>extend</confirm-event>" + XMLText.element("timeout", String(timeout))
        case .cancel: content += "<confirm-event>cancel</confirm-event>"
        case .timeout: content += "<confirm-event>timeout</confirm-event>"
        case .complete: content += "<confirm-event>complete</confirm-event>"
        }
        return event("netconf-confirmed-commit", at: time, content + "</netconf-confirmed-commit>")
    }

    private static func event(_ name: String, at time: EventTime, _ content: String) -> NotificationEvent {
        NotificationEvent(time: time, module: module, name: name, contentXML: content)
    }
}
