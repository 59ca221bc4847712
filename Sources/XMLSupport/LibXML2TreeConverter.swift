internal import CLibXML2
#if canImport(Glibc)
internal import Glibc
#endif

/// Copies a libxml2 element subtree into ``XMLElement`` values.
///
/// Adjacent text and CDATA merge into one `.text` child. In an element that has element
/// children, whitespace-only text is formatting and is dropped; in a leaf it is the value and
/// is kept. Comments and processing instructions are dropped. Entity references are refused.
struct LibXML2TreeConverter {
    let maxDepth: Int
    /// Namespace URIs already converted in this document, by libxml2's string: the elements of
    /// one namespace share one `String` instead of allocating a copy each.
    private var namespaceURIs: [(href: UnsafePointer<xmlChar>, uri: String)] = []

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    mutating func element(from node: xmlNodePtr, depth: Int) throws(XMLError) -> XMLElement {
        guard depth <= maxDepth else { throw .tooDeep(limit: maxDepth, line: Int(node.pointee.line)) }
        let namespace = node.pointee.ns
        return XMLElement(
            name: Self.string(node.pointee.name),
            namespace: namespace.map { sharedNamespaceURI($0.pointee.href) },
            prefix: namespace.flatMap { Self.optionalString($0.pointee.prefix) },
            attributes: try attributes(of: node),
            namespaceDeclarations: declarations(of: node),
            children: try children(of: node, depth: depth)
        )
    }

    private mutating func sharedNamespaceURI(_ href: UnsafePointer<xmlChar>?) -> String {
        guard let href else { return "" }
        for entry in namespaceURIs where entry.href == href { return entry.uri }
        let uri = Self.namespaceURI(href)
        if namespaceURIs.count < 16 { namespaceURIs.append((href, uri)) }
        return uri
    }

    private mutating func children(of node: xmlNodePtr, depth: Int) throws(XMLError) -> [XMLNode] {
        var result: [XMLNode] = []
        var pendingText = ""
        var hasElementChild = false
        var cursor = node.pointee.children
        while let child = cursor {
            cursor = child.pointee.next
            switch child.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                pendingText += Self.string(child.pointee.content)
            case XML_ELEMENT_NODE:
                if !pendingText.isEmpty {
                    if !pendingText.isXMLWhitespace { result.append(.text(pendingText)) }
                    pendingText = ""
                }
                hasElementChild = true  // text is only ever flushed here or at the end
                result.append(.element(try element(from: child, depth: depth + 1)))
            case XML_ENTITY_REF_NODE, XML_ENTITY_NODE, XML_ENTITY_DECL, XML_DTD_NODE:
                throw .forbiddenConstruct("entity references are not allowed", line: Int(child.pointee.line))
            default:
                continue  // comments, processing instructions
            }
        }
        if !pendingText.isEmpty, !(hasElementChild && pendingText.isXMLWhitespace) { result.append(.text(pendingText)) }
        return result
    }

    private mutating func attributes(of node: xmlNodePtr) throws(XMLError) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        var cursor = node.pointee.properties
        while let attribute = cursor {
            cursor = attribute.pointee.next
            let namespace = attribute.pointee.ns
            result.append(XMLAttribute(
                name: Self.string(attribute.pointee.name),
                namespace: namespace.map { sharedNamespaceURI($0.pointee.href) },
                prefix: namespace.flatMap { Self.optionalString($0.pointee.prefix) },
                value: try value(of: attribute)
            ))
        }
        return result
    }

    private func value(of attribute: xmlAttrPtr) throws(XMLError) -> String {
        var value = ""
        var cursor = attribute.pointee.children
        while let part = cursor {
            cursor = part.pointee.next
            guard part.pointee.type == XML_TEXT_NODE else {
                throw .forbiddenConstruct("entity references are not allowed in attribute values")
            }
            value += Self.string(part.pointee.content)
        }
        return value
    }

    private mutating func declarations(of node: xmlNodePtr) -> [XMLNamespaceDeclaration] {
        var result: [XMLNamespaceDeclaration] = []
        var cursor = node.pointee.nsDef
        while let declaration = cursor {
            cursor = declaration.pointee.next
            result.append(XMLNamespaceDeclaration(
                prefix: Self.optionalString(declaration.pointee.prefix),
                uri: sharedNamespaceURI(declaration.pointee.href)))
        }
        return result
    }

    /// Without entity substitution libxml2 keeps `&` in an `xmlns` value as the reference
    /// `&#38;` (ordinary attribute values are decoded by its SAX2 layer; namespace URIs are
    /// not), so decode it here.
    private static func namespaceURI(_ pointer: UnsafePointer<xmlChar>?) -> String {
        let raw = string(pointer)
        // Looked for in the C string: a Swift substring search costs more than the rest of
        // converting an element.
        guard let pointer, pointer.withMemoryRebound(to: CChar.self, capacity: 1, { strstr($0, "&#38;") }) != nil else {
            return raw
        }
        return raw.replacing("&#38;", with: "&")
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func string(_ pointer: UnsafeMutablePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func optionalString(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

extension String {
    /// True when every character is XML whitespace (space, tab, CR, LF).
    var isXMLWhitespace: Bool {
        unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    }
}
