public import XMLSupport

/// RFC 6241 §6 subtree filtering, applied to data already rendered as XML.
///
/// A filter is a forest of elements. In each sibling set of the filter, an element is
/// - a *content match node* when it holds only text (which must equal the data's text),
/// - a *selection node* when it is empty (select that node and everything below it),
/// - a *containment node* when it has child elements (look further down).
/// Namespaces select: a filter element matches data elements of the same namespace;
/// an element in no namespace matches any namespace. Attributes on a filter element
/// (other than namespace declarations) must be present with the same value.
public struct SubtreeFilter: Sendable, Equatable {
    public let roots: [XMLElement]

    public init(_ roots: [XMLElement]) { self.roots = roots }

    /// The key leaf names of the list entry reached by a path of data elements (name and
    /// namespace from the top), nil when the element is not a list entry.
    public typealias ListKeys = @Sendable (_ path: [(name: String, namespace: String?)]) -> [String]?

    /// The parts of `data` (top-level data elements) that the filter selects, in data order.
    /// An empty filter selects nothing (RFC 6241 §6.4.2). With `listKeys`, a list entry that a
    /// containment node selects part of keeps its keys, so the reply says which entry a
    /// selected leaf belongs to (RFC 6241 §6.2.5, as every major server does).
    public func apply(to data: [XMLElement], listKeys: ListKeys? = nil) -> [XMLElement] {
        guard !roots.isEmpty else { return [] }
        let walk = Walk(listKeys: listKeys)
        return walk.selectIndexed(data, by: roots, path: [])?.map(\.element) ?? []
    }

    static func select(_ data: [XMLElement], by filters: [XMLElement]) -> [XMLElement]? {
        Walk(listKeys: nil).selectIndexed(data, by: filters, path: [])?.map(\.element)
    }

    /// One filtering pass, with the key names found so far (one schema lookup per list).
    private final class Walk {
        let listKeys: ListKeys?
        var keysByPath: [String: [String]?] = [:]

        init(listKeys: ListKeys?) { self.listKeys = listKeys }

        /// Filters one sibling set, keeping each chosen element's position in `data`.
        /// Returns nil when a content match fails: the parent is then not selected at all.
        func selectIndexed(
            _ data: [XMLElement], by filters: [XMLElement], path: [(name: String, namespace: String?)]
        ) -> [(index: Int, element: XMLElement)]? {
            let classified = filters.map { FilterNode($0) }
            for node in classified where node.kind == .contentMatch {
                guard data.contains(where: { node.matchesContent($0) }) else { return nil }
            }
            if !classified.contains(where: { $0.kind != .contentMatch }) {
                return Array(data.enumerated().map { (index: $0.offset, element: $0.element) })  // only content matches: all siblings
            }
            var output: [(index: Int, element: XMLElement)] = []
            for (index, element) in data.enumerated() {
                let applicable = classified.filter { $0.matchesName(element) }
                if applicable.isEmpty { continue }
                if applicable.contains(where: { $0.kind == .selection || $0.matchesContent(element) }) {
                    output.append((index, element))
                } else if let merged = mergeContainment(
                    element, applicable.filter { $0.kind == .containment }, path: path + [(element.name, element.namespace)]) {
                    output.append((index, merged))
                }
            }
            return output
        }

        /// The element with only the children that its containment nodes select (several
        /// filter nodes for one element combine), and its keys when it is a list entry; nil if
        /// none selects anything.
        private func mergeContainment(
            _ element: XMLElement, _ nodes: [FilterNode], path: [(name: String, namespace: String?)]
        ) -> XMLElement? {
            let children = element.childElements
            var chosen: [Int: XMLElement] = [:]
            var selectedByAny = false
            for node in nodes {
                guard let selected = selectIndexed(children, by: node.element.childElements, path: path) else { continue }
                if selected.isEmpty && !node.hasContentMatch { continue }
                selectedByAny = true
                for (index, item) in selected {
                    if let existing = chosen[index], existing != item {
                        chosen[index] = children[index]  // two partial views of one node: keep it whole
                    } else {
                        chosen[index] = item
                    }
                }
            }
            guard selectedByAny else { return nil }
            if let keys = keys(at: path), !keys.isEmpty {
                for (index, child) in children.enumerated() where chosen[index] == nil
                    && child.namespace == element.namespace && keys.contains(child.name) {
                    chosen[index] = child
                }
            }
            var result = element
            result.children = chosen.keys.sorted().map { .element(chosen[$0]!) }
            return result
        }

        private func keys(at path: [(name: String, namespace: String?)]) -> [String]? {
            guard let listKeys else { return nil }
            let key = path.map { "\($0.namespace ?? ""):\($0.name)" }.joined(separator: "/")
            if let known = keysByPath[key] { return known }
            let found = listKeys(path)
            keysByPath[key] = found
            return found
        }
    }
}
