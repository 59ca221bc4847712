/// The recursive writer behind ``XMLWriter``.
struct XMLSerializer {

    func write(
        _ element: XMLElement,
        scope parentScope: NamespaceScope,
        rawContent: String? = nil,
        into output: inout String
    ) {
        if element.attributes.isEmpty, element.namespaceDeclarations.isEmpty,
           element.prefix == nil || element.prefix == "",
           parentScope.uri(forPrefix: nil) == (element.namespace ?? "")
        {
            // The common case in data trees: same default namespace as the parent, nothing
            // to declare, so no start-tag bookkeeping and no new scope.
            writePlain(element, scope: parentScope, rawContent: rawContent, into: &output)
            return
        }
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
        finish(element, name: qualifiedName, scope: tag.scope, rawContent: rawContent, into: &output)
    }

    private func writePlain(_ element: XMLElement, scope: NamespaceScope, rawContent: String?, into output: inout String) {
        output += "<"
        output += element.name
        finish(element, name: element.name, scope: scope, rawContent: rawContent, into: &output)
    }

    /// The rest after the start tag's name and attributes: `/>`, or `>`, the content and the end tag.
    private func finish(
        _ element: XMLElement, name: String, scope: NamespaceScope, rawContent: String?, into output: inout String
    ) {
        if element.children.isEmpty && (rawContent ?? "").isEmpty {
            output += "/>"
            return
        }
        output += ">"
        for child in element.children {
            switch child {
            case .text(let text): output += XMLWriter.escapeText(text)
            case .element(let nested): write(nested, scope: scope, into: &output)
            }
        }
        if let rawContent { output += rawContent }
        output += "</"
        output += name
        output += ">"
    }
}
