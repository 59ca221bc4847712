import XMLSupport

/// The few elements and attribute values the RFC 6470 event renderers write, escaped by
/// XMLSupport's writer (as every other reply the server renders).
enum XMLText {
    static func attribute(_ value: String) -> String { XMLWriter.escapeAttribute(value) }

    static func element(_ name: String, _ value: String, attributes: String = "") -> String {
        "<\(name)\(attributes)>\(XMLWriter.escapeText(value))</\(name)>"
    }
}
