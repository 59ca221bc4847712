/// The recursive writer behind ``XMLWriter``.
struct XMLSerializer {

    func write(
        _ element: XMLElement,
        scope parentScope: NamespaceScope,
        rawContent: String? = nil,
        into output: inout String
    ) {
        var tag = StartTag(scope: parentScope)
        tag.declare(element.namespaceDeclarations)
        let qualifiedName = tag.qualifiedElementName(element)
        let attributes = element.attributes.map { attribute in
            (tag.qualifiedAttributeName(attribute), attribute.value)
        }

        output += "<"
        output += qualifiedName
        for declaration in tag.declarations {
            output += declaration.prefix.map { " xmlns:\($0)=\"" } ?? " xmlns=\""
            output += XMLWriter.escapeAttribute(declaration.uri)
            output += "\""
        }
        for (name, value) in attributes {
            output += " \(name)=\""
            output += XMLWriter.escapeAttribute(value)
            output += "\""
        }
        if element.children.isEmpty && (rawContent ?? "").isEmpty {
            output += "/>"
            return
        }
        output += ">"
        for child in element.children {
            switch child {
            case .text(let text): output += XMLWriter.escapeText(text)
            case .element(let nested): write(nested, scope: tag.scope, into: &output)
            }
        }
        if let rawContent { output += rawContent }
        output += "</\(qualifiedName)>"
    }
}
