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

    /// The parts of `data` (top-level data elements) that the filter selects, in data order.
    /// An empty filter selects nothing (RFC 6241 §6.4.2).
    public func apply(to data: [XMLElement]) -> [XMLElement] {
        guard !roots.isEmpty else { return [] }
        return SubtreeFilter.select(data, by: roots) ?? []
    }

    static func select(_ data: [XMLElement], by filters: [XMLElement]) -> [XMLElement]? {
        selectIndexed(data, by: filters)?.map(\.element)
    }

    /// Filters one sibling set, keeping each chosen element's position in `data`.
    /// Returns nil when a content match fails: the parent is then not selected at all.
    static func selectIndexed(_ data: [XMLElement], by filters: [XMLElement]) -> [(index: Int, element: XMLElement)]? {
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
            } else if let merged = mergeContainment(element, applicable.filter { $0.kind == .containment }) {
                output.append((index, merged))
            }
        }
        return output
    }

    /// The element with only the children that its containment nodes select (several
    /// filter nodes for one element combine); nil if none selects anything.
    private static func mergeContainment(_ element: XMLElement, _ nodes: [FilterNode]) -> XMLElement? {
        let children = element.childElements
        var chosen: [Int: XMLElement] = [:]
        var selectedByAny = false
        for node in nodes {
            guard let selected = selectIndexed(children, by: node.element.childElements) else { continue }
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
        var result = element
        result.children = chosen.keys.sorted().map { .element(chosen[$0]!) }
        return result
    }
}
