import XMLSupport

/// An element as its meaning, for comparing two readings of the same XML: names with their
/// namespaces, attributes in order, text with adjacent pieces joined; prefixes and where
/// namespaces are declared left out.
struct CanonicalXML: Equatable {
    let text: String

    init(_ element: XMLElement) {
        var text = ""
        Self.write(element, into: &text)
        self.text = text
    }

    static func attributes(_ attributes: [XMLAttribute]) -> [String] {
        attributes.map { "{\($0.namespace ?? "")}\($0.name)=\($0.value)" }
    }

    private static func write(_ element: XMLElement, into text: inout String) {
        text += "<{\(element.namespace ?? "")}\(element.name) \(attributes(element.attributes))>"
        var pendingText = ""
        for child in element.children {
            switch child {
            case .text(let piece):
                pendingText += piece
            case .element(let nested):
                text += pendingText.debugDescription
                pendingText = ""
                write(nested, into: &text)
            }
        }
        text += pendingText.debugDescription + "</>"
    }
}
