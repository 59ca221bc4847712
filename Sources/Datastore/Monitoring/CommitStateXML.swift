import XMLSupport

/// meridian-commits state as XML.
enum CommitStateXML {
    static let module = "meridian-commits"
    static let namespace = "urn:meridian:params:xml:ns:yang:meridian-commits"

    /// A pending confirmed commit: when it rolls back, and the session that owns it (nil for
    /// one with a persist token).
    struct Pending {
        var timeout: String
        var session: UInt32?
    }

    static func render(waiting: Int, pending: Pending?, lastRollback: RollbackRecord?, history: [CommitRecord] = []) -> String {
        func leaf(_ name: String, _ value: String) -> String { "<\(name)>\(XMLWriter.escapeText(value))</\(name)>" }
        var xml = "<commits xmlns=\"\(namespace)\">" + leaf("commits-waiting", String(waiting))
        if let pending {
            xml += "<confirmed-commit>" + leaf("timeout", pending.timeout)
            if let session = pending.session { xml += leaf("session-id", String(session)) }
            xml += leaf("persistent", pending.session == nil ? "true" : "false") + "</confirmed-commit>"
        }
        if let record = lastRollback {
            xml += "<last-rollback>" + leaf("time", record.time) + leaf("reason", record.reason)
            xml += leaf("outcome", record.failure == nil ? "rolled-back" : "failed")
            if let failure = record.failure { xml += leaf("error-message", failure) }
            xml += "</last-rollback>"
        }
        return xml + CommitHistoryXML.render(history) + "</commits>"
    }
}
