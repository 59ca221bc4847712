internal import CLibYang

/// The difference between two trees as libyang computes it (`lyd_diff_siblings`): a tree whose
/// nodes carry `yang:operation` (`create`, `delete`, `replace`, `none` for unchanged
/// ancestors). Never validated. Not `Sendable`: pass `changes` across actors.
public final class DataDiff {
    public let tree: DataTree

    init(tree: DataTree) {
        self.tree = tree
    }

    public var isEmpty: Bool { tree.isEmpty }

    /// The changes in document order, outermost first.
    public var changes: [DataChange] {
        var result: [DataChange] = []
        for root in tree.roots { collect(root, into: &result) }
        return result
    }

    /// The diff as XML with its `yang:operation` attributes.
    public func printXML(pretty: Bool = false) throws(YangError) -> String {
        try tree.printXML(withDefaults: .explicit, pretty: pretty)
    }

    private func collect(_ node: DataNode, into result: inout [DataChange]) {
        let meta = { (name: String) in node.metadata.first { $0.module == "yang" && $0.name == name }?.value }
        if let operation = meta("operation").flatMap(DataChange.Operation.init(rawValue:)) {
            result.append(DataChange(
                operation: operation, path: node.path, value: node.value,
                previousValue: meta("orig-value"), node: node))
            if operation != .replace { return }
        }
        for child in node.children { collect(child, into: &result) }
    }
}

@available(*, unavailable)
extension DataDiff: Sendable {}
