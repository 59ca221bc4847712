import YangData

/// Reads the edits the history shows out of a libyang diff: one per changed leaf (created
/// and deleted subtrees leaf by leaf, an empty container or list entry as itself), secret
/// leaves without their values. Pure.
struct CommitEditsReader: Sendable {
    /// Schema paths (`/module:name/module:name`, as ``SchemaPath/qualified(_:)`` makes them)
    /// of the leaves whose values are never shown (`nacm:default-deny-all`).
    let secretPaths: Set<String>

    func edits(of diff: DataDiff) -> [CommitEdit] {
        var edits: [CommitEdit] = []
        for change in diff.changes {
            let operation = change.operation
            if change.operation == .replace {
                let secret = isSecret(change.path)
                edits.append(CommitEdit(
                    operation: operation, target: change.path, value: secret ? nil : change.value,
                    previousValue: secret ? nil : change.previousValue))
            } else {
                leaves(of: change.node, operation: operation, into: &edits)
            }
        }
        return edits
    }

    private func leaves(of node: DataNode, operation: CommitEdit.Operation, into edits: inout [CommitEdit]) {
        if node.children.isEmpty {
            edits.append(CommitEdit(operation: operation, target: node.path, value: isSecret(node.path) ? nil : node.value))
            return
        }
        for child in node.children { leaves(of: child, operation: operation, into: &edits) }
    }

    private func isSecret(_ path: String) -> Bool {
        !secretPaths.isEmpty && secretPaths.contains(SchemaPath.qualified(path))
    }
}

/// Schema paths of data paths, for matching nodes against statements on schema nodes.
enum SchemaPath {
    /// `/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='1']/hex-key` as
    /// `/ietf-system:system/ietf-system:ntp/meridian-ntp:authentication/meridian-ntp:key/meridian-ntp:hex-key`:
    /// predicates dropped, every step qualified with its module (a step without a prefix is
    /// in its parent's module).
    static func qualified(_ dataPath: String) -> String {
        var module = ""
        var result = ""
        for step in SeparableLists.schemaPath(ofDataPath: dataPath).split(separator: "/") {
            if let colon = step.firstIndex(of: ":") {
                module = String(step[..<colon])
                result += "/" + step
            } else {
                result += "/" + module + ":" + step
            }
        }
        return result
    }
}
