import XMLSupport

/// One element of a subtree filter, classified as RFC 6241 §6.2 describes.
struct FilterNode {
    enum Kind: Equatable { case contentMatch, selection, containment }

    let element: XMLElement
    let kind: Kind
    let text: String
    /// Child content match nodes make a containment node select its parent even when
    /// nothing else below is chosen.
    let hasContentMatch: Bool

    init(_ element: XMLElement) {
        self.element = element
        let children = element.childElements
        text = element.textContent.trimmingXMLWhitespace()
        if !children.isEmpty {
            kind = .containment
        } else if text.isEmpty {
            kind = .selection
        } else {
            kind = .contentMatch
        }
        hasContentMatch = children.contains { $0.childElements.isEmpty && !$0.textContent.trimmingXMLWhitespace().isEmpty }
    }

    func matchesName(_ data: XMLElement) -> Bool {
        guard data.name == element.name else { return false }
        if let namespace = element.namespace, !namespace.isEmpty, namespace != data.namespace { return false }
        for attribute in element.attributes where attribute.namespace == nil || attribute.namespace != XMLNamespaceURI.xmlns {
            guard data.attributes.contains(where: {
                $0.name == attribute.name && $0.namespace == attribute.namespace && $0.value == attribute.value
            }) else { return false }
        }
        return true
    }

    func matchesContent(_ data: XMLElement) -> Bool {
        kind == .contentMatch && matchesName(data) && data.childElements.isEmpty
            && data.textContent.trimmingXMLWhitespace() == text
    }
}

