import XMLSupport

/// The commit history as meridian-commits state (`/commits/commit`) and the `compare`
/// output: XML in the module's namespace, parsed by libyang like the rest of `<get>`.
enum CommitHistoryXML {
    static func leaf(_ name: String, _ value: String) -> String { "<\(name)>\(XMLWriter.escapeText(value))</\(name)>" }

    /// Every record, oldest first (inside `<commits>`).
    static func render(_ records: [CommitRecord]) -> String {
        records.map(render).joined()
    }

    static func render(_ record: CommitRecord) -> String {
        var xml = "<commit>" + leaf("id", String(record.id)) + leaf("time", record.time) + leaf("kind", record.kind.rawValue)
            + leaf("user", record.author.user)
        if let session = record.author.sessionID { xml += leaf("session-id", String(session)) }
        if !record.author.sourceHost.isEmpty { xml += leaf("source-host", record.author.sourceHost) }
        if let label = record.label { xml += leaf("label", label) }
        if let comment = record.comment { xml += leaf("comment", comment) }
        if let target = record.rolledBackTo { xml += leaf("rolled-back-to", String(target)) }
        xml += edits(record.edits)
        for (index, step) in record.steps.enumerated() {
            xml += "<step>" + leaf("index", String(index + 1)) + leaf("action", step.action) + leaf("target", step.target)
                + leaf("detail", step.detail) + "</step>"
        }
        return xml + "</commit>"
    }

    /// The edits as `<edit>` entries numbered from 1 (with `namespace` declared on each, for
    /// an RPC's output).
    static func edits(_ edits: [CommitEdit], namespace: String? = nil) -> String {
        let start = namespace.map { "<edit xmlns=\"\($0)\">" } ?? "<edit>"
        return edits.enumerated().map { index, edit in
            var xml = start + leaf("edit-id", String(index + 1)) + leaf("operation", edit.operation.rawValue) + leaf("target", edit.target)
            if let value = edit.value { xml += leaf("value", value) }
            if let previous = edit.previousValue { xml += leaf("previous-value", previous) }
            return xml + "</edit>"
        }.joined()
    }
}
