internal import CLibXML2

/// C callbacks installed on the libxml2 SAX handler by ``LibXML2DocumentReader``.
///
/// Each recovers the reader from the parser context's `_private` pointer; the parser
/// context is the SAX user data because the reader never replaces it.
enum LibXML2SAXHooks {
    static let internalSubset: internalSubsetSAXFunc = { ctx, _, _, _ in
        refuseDoctype(ctx)
    }

    static let externalSubset: externalSubsetSAXFunc = { ctx, _, _, _ in
        refuseDoctype(ctx)
    }

    static let entityDecl: entityDeclSAXFunc = { ctx, _, _, _, _, _ in
        refuseDoctype(ctx)
    }

    static let startElementNs: startElementNsSAX2Func = {
        ctx, localname, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount,
        attributes in
        guard let (context, reader) = resolve(ctx) else { return }
        let depth = Int(context.pointee.nameNr) + 1
        if depth > reader.maxDepth {
            reader.stop(with: .tooDeep(limit: reader.maxDepth, line: reader.currentLine))
            return
        }
        // The prescan counted already; this is the exact count, should the two ever differ.
        if Int(attributeCount) > reader.maxAttributes || Int(namespaceCount) > reader.maxNamespaceDeclarations {
            let local = localname.map { String(cString: $0) } ?? "?"
            let name = prefix.map { String(cString: $0) + ":" + local } ?? local
            reader.stop(with: Int(attributeCount) > reader.maxAttributes
                ? .tooManyAttributes(element: name, limit: reader.maxAttributes, line: reader.currentLine)
                : .tooManyNamespaceDeclarations(element: name, limit: reader.maxNamespaceDeclarations, line: reader.currentLine))
            return
        }
        xmlSAX2StartElementNs(
            ctx, localname, prefix, uri, namespaceCount, namespaces, attributeCount, defaultedCount,
            attributes)
    }

    static let structuredError: xmlStructuredErrorFunc = { ctx, error in
        guard let error, let (_, reader) = resolve(ctx) else { return }
        reader.record(error)
    }

    private static func refuseDoctype(_ ctx: UnsafeMutableRawPointer?) {
        guard let (_, reader) = resolve(ctx) else { return }
        reader.stop(with: .forbiddenConstruct(
            "a document type declaration is not allowed in a NETCONF message",
            line: reader.currentLine))
    }

    private static func resolve(
        _ ctx: UnsafeMutableRawPointer?
    ) -> (xmlParserCtxtPtr, LibXML2DocumentReader)? {
        guard let ctx else { return nil }
        let context = ctx.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = context.pointee._private else { return nil }
        return (context, Unmanaged<LibXML2DocumentReader>.fromOpaque(opaque).takeUnretainedValue())
    }
}
