import XMLSupport

/// The commit history as the running file holds it, after running's configuration: one
/// `<commit-history>` element with the next id, one `<commit>` per record. Pure: reading
/// takes the function that rebuilds a record's edits from its diff.
///
/// ```
/// <commit-history xmlns="urn:meridian:params:xml:ns:yang:meridian-commits" next-id="8">
///   <commit id="7" time="..." user="alice" session-id="3" source-host="10.0.0.1" kind="commit">
///     <label>..</label><comment>..</comment><diff>(libyang diff XML, escaped)</diff>
///     <step action="add-association" target="10.0.1.31" detail=".."/>
///   </commit>
/// </commit-history>
/// ```
enum CommitHistoryCoding {
    static let namespace = "urn:meridian:params:xml:ns:yang:meridian-commits"

    /// Separates running's configuration from the history in the running file. libyang
    /// prints no comments and escapes `<` in values, so it occurs nowhere in a configuration.
    static let marker = "\n<!-- meridian-commit-history -->\n"

    static func encode(_ record: CommitRecord) -> String {
        func attribute(_ name: String, _ value: String) -> String { " \(name)=\"\(XMLWriter.escapeAttribute(value))\"" }
        var xml = "<commit" + attribute("id", String(record.id)) + attribute("time", record.time)
            + attribute("user", record.author.user) + attribute("source-host", record.author.sourceHost)
            + attribute("kind", record.kind.rawValue)
        if let session = record.author.sessionID { xml += attribute("session-id", String(session)) }
        if let target = record.rolledBackTo { xml += attribute("rolled-back-to", String(target)) }
        xml += ">"
        if let label = record.label { xml += "<label>\(XMLWriter.escapeText(label))</label>" }
        if let comment = record.comment { xml += "<comment>\(XMLWriter.escapeText(comment))</comment>" }
        xml += "<diff>\(XMLWriter.escapeText(record.diff))</diff>"
        for step in record.steps {
            xml += "<step" + attribute("action", step.action) + attribute("target", step.target) + attribute("detail", step.detail) + "/>"
        }
        return xml + "</commit>\n"
    }

    /// The whole history element from records already encoded one by one.
    static func document(nextID: UInt64, encodedRecords: [String]) -> String {
        "<commit-history xmlns=\"\(namespace)\" next-id=\"\(nextID)\">\n" + encodedRecords.joined() + "</commit-history>\n"
    }

    struct DecodingError: Error, CustomStringConvertible {
        let description: String
    }

    /// The records and next id of a history element. `edits` rebuilds a record's edits from
    /// its diff.
    static func decode(_ text: String, edits: (String) throws -> [CommitEdit]) throws -> (records: [CommitRecord], nextID: UInt64) {
        let root = try XMLDocumentParser.parse(Array(text.utf8))
        guard root.name == "commit-history", root.namespace == namespace,
            let nextID = root.attribute(named: "next-id").flatMap({ UInt64($0) })
        else { throw DecodingError(description: "not a commit history") }
        var records: [CommitRecord] = []
        for element in root.children(named: "commit", namespace: namespace) {
            guard let id = element.attribute(named: "id").flatMap({ UInt64($0) }),
                let kind = element.attribute(named: "kind").flatMap(CommitKind.init(rawValue:))
            else { throw DecodingError(description: "a commit without id or kind") }
            let diff = element.firstChild(named: "diff", namespace: namespace)?.textContent ?? ""
            let author = CommitAuthor(
                user: element.attribute(named: "user") ?? "", sessionID: element.attribute(named: "session-id").flatMap { UInt32($0) },
                sourceHost: element.attribute(named: "source-host") ?? "")
            let steps = element.children(named: "step", namespace: namespace).map {
                ConfigStep(action: $0.attribute(named: "action") ?? "", target: $0.attribute(named: "target") ?? "",
                           detail: $0.attribute(named: "detail") ?? "")
            }
            records.append(CommitRecord(
                id: id, time: element.attribute(named: "time") ?? "", author: author, kind: kind,
                label: element.firstChild(named: "label", namespace: namespace)?.textContent,
                comment: element.firstChild(named: "comment", namespace: namespace)?.textContent,
                rolledBackTo: element.attribute(named: "rolled-back-to").flatMap { UInt64($0) },
                diff: diff, edits: try edits(diff), steps: steps))
        }
        guard zip(records, records.dropFirst()).allSatisfy({ $0.id < $1.id }), nextID > (records.last?.id ?? 0) else {
            throw DecodingError(description: "commit ids out of order")
        }
        return (records, nextID)
    }
}
