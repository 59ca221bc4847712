/// Serializes ``XMLElement`` values as XML text.
///
/// Every element and attribute is written in its namespace: the declarations an element
/// carries are written as given, and any binding a name needs that is not in scope is declared
/// on the element that needs it (with the element's own prefix where possible, otherwise a
/// generated `nsN` prefix). The output is a self-contained fragment without an XML declaration.
public enum XMLWriter {
    public static func serialize(_ element: XMLElement) -> String {
        var output = ""
        XMLSerializer().write(element, scope: .root, into: &output)
        return output
    }

    /// Serializes a sequence of nodes, each element self-contained (it declares every namespace
    /// it uses), for example the children of a `<data>` reply.
    public static func serialize(fragment nodes: [XMLNode]) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text): output += escapeText(text)
            case .element(let element): XMLSerializer().write(element, scope: .root, into: &output)
            }
        }
        return output
    }

    /// Serializes `element` with `rawContent` inserted verbatim after its children, before the
    /// closing tag.
    ///
    /// The caller vouches that `rawContent` is well-formed content whose names resolve in the
    /// scope of `element` (typically: top-level elements that declare their own namespace).
    public static func serialize(_ element: XMLElement, rawContent: String) -> String {
        var output = ""
        XMLSerializer().write(element, scope: .root, rawContent: rawContent, into: &output)
        return output
    }

    /// Escapes character data: `&`, `<`, `>` and carriage return become references; characters
    /// XML 1.0 cannot carry become U+FFFD.
    public static func escapeText(_ text: String) -> String {
        XMLEscaping.escape(text, quoting: false)
    }

    /// Escapes an attribute value for either quote style: `&`, `<`, `>`, `"`, `'`, tab, line feed
    /// and carriage return become references; characters XML 1.0 cannot carry become U+FFFD.
    public static func escapeAttribute(_ value: String) -> String {
        XMLEscaping.escape(value, quoting: true)
    }
}
