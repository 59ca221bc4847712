extension XMLElement {
    /// The element children, in document order, skipping text.
    public var childElements: [XMLElement] {
        children.compactMap { node in
            if case .element(let element) = node { element } else { nil }
        }
    }

    /// The first child element with this local name and namespace (nil means "in no namespace").
    public func firstChild(named name: String, namespace: String?) -> XMLElement? {
        for case .element(let element) in children
        where element.name == name && element.namespace == namespace {
            return element
        }
        return nil
    }

    /// Every child element with this local name and namespace, in document order.
    public func children(named name: String, namespace: String?) -> [XMLElement] {
        childElements.filter { $0.name == name && $0.namespace == namespace }
    }

    /// The value of the attribute with this local name and namespace (nil means unqualified).
    public func attribute(named name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// All character data of this element and its descendants, concatenated in document order.
    public var textContent: String {
        var result = ""
        appendText(to: &result)
        return result
    }

    private func appendText(to result: inout String) {
        for child in children {
            switch child {
            case .text(let text): result += text
            case .element(let element): element.appendText(to: &result)
            }
        }
    }
}
