public import XMLSupport

/// `display configuration commit list [verbose]` and `display configuration commit changes
/// at commit-id N`, from `<get>` of meridian-commits `/commits/commit`, in VRP's layout.
public enum CommitHistoryRenderer {
    public static let namespace = "urn:meridian:params:xml:ns:yang:meridian-commits"

    static let rule = " " + String(repeating: "-", count: 80)

    /// The commits, newest first.
    static func commits(_ data: XMLElement) -> [XMLElement] {
        let list = data.firstChild(named: "commits", namespace: namespace)?.children(named: "commit", namespace: namespace) ?? []
        return list.sorted { (UInt64($0.text("id", namespace) ?? "") ?? 0) > (UInt64($1.text("id", namespace) ?? "") ?? 0) }
    }

    /// The commit ids, newest first.
    public static func ids(_ data: XMLElement) -> [UInt64] {
        commits(data).compactMap { UInt64($0.text("id", namespace) ?? "") }
    }

    public static func list(_ data: XMLElement, verbose: Bool) -> String {
        let all = commits(data)
        if verbose { return all.map(verboseBlock).joined(separator: "\n") }
        var lines = [rule, " No.  CommitId     Label                 User          Timestamp", rule]
        for (index, commit) in all.enumerated() {
            func value(_ name: String) -> String { commit.text(name, namespace) ?? "-" }
            let label = (commit.text("label", namespace)).flatMap { $0.isEmpty ? nil : $0 } ?? "-"
            lines.append(" " + String(index + 1).rightPadded(to: 5) + value("id").rightPadded(to: 13) + label.rightPadded(to: 22)
                + value("user").rightPadded(to: 14) + value("time"))
        }
        lines.append(rule)
        return lines.joined(separator: "\n")
    }

    static func verboseBlock(_ commit: XMLElement) -> String {
        func value(_ name: String) -> String { commit.text(name, namespace) ?? "-" }
        var lines = [
            rule,
            " Commit ID         : \(value("id"))",
            " Label             : \(value("label"))",
            " User              : \(value("user"))",
            " User address      : \(value("source-host"))",
            " Session           : \(value("session-id"))",
            " Kind              : \(value("kind"))",
            " Timestamp         : \(value("time"))",
            " Description       : \(value("comment"))",
        ]
        if let target = commit.text("rolled-back-to", namespace) { lines.append(" Rolled back to    : \(target)") }
        lines.append(" Changes           :")
        lines += edits(commit).map { "   " + $0 }
        return lines.joined(separator: "\n")
    }

    /// What commit `id` changed, one line per edit; nil when the history has no such commit.
    public static func changes(_ data: XMLElement, commitID: UInt64) -> String? {
        guard let commit = commits(data).first(where: { $0.text("id", namespace) == String(commitID) }) else { return nil }
        let lines = edits(commit)
        return lines.isEmpty ? " (no change)" : lines.map { " " + $0 }.joined(separator: "\n")
    }

    /// `+ path = value` (created), `- path` (deleted), `~ path: old -> new` (replaced).
    static func edits(_ parent: XMLElement) -> [String] {
        parent.children(named: "edit", namespace: namespace).map { edit in
            let target = edit.text("target", namespace) ?? "-"
            let value = edit.text("value", namespace)
            switch edit.text("operation", namespace) {
            case "create"?: return "+ " + target + (value.map { " = \($0)" } ?? "")
            case "delete"?: return "- " + target + (edit.text("previous-value", namespace).map { " (was \($0))" } ?? "")
            default: return "~ " + target + ": \(edit.text("previous-value", namespace) ?? "-") -> \(value ?? "-")"
            }
        }
    }
}
