internal import CLibXML2

/// Owns one libxml2 parser context for a single parse, and the SAX hooks that refuse a DOCTYPE
/// and excessive nesting while libxml2 is still reading.
///
/// The hooks find this object through the context's `_private` field, which libxml2 never
/// touches. The object is not `Sendable`: it lives and dies inside one synchronous call.
final class LibXML2DocumentReader {
    /// libxml2's own nesting ceiling without `XML_PARSE_HUGE` (`xmlParserMaxDepth`).
    static let libraryDepthCeiling = 256

    /// `XML_PARSE_IGNORE_ENC` with UTF-8 given at reset: every message is read as UTF-8, as
    /// RFC 6241 §3 has them written (a declaration naming another encoding is refused before,
    /// by ``MarkupPrescan``). Bytes that are not UTF-8 are then an error of the parser
    /// context, refused like any other; without it, libxml2's converters would report their
    /// failures to its generic handler, which printed "encoding error : input conversion
    /// failed" on the daemon's stderr for every such message (found by fuzzing).
    private static let options: Int32 = Int32(bitPattern:
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_IGNORE_ENC.rawValue)

    private let context: xmlParserCtxtPtr
    let maxDepth: Int
    let maxAttributes: Int
    let maxNamespaceDeclarations: Int
    private(set) var violation: XMLError?
    /// The first error libxml2 reported: later ones are usually consequences of it.
    private var firstError: XMLError?

    init?(limits: XMLParseLimits) {
        guard let context = xmlNewParserCtxt() else { return nil }
        self.context = context
        self.maxDepth = max(1, min(limits.maxDepth, Self.libraryDepthCeiling))
        self.maxAttributes = limits.maxAttributesPerElement
        self.maxNamespaceDeclarations = limits.maxNamespaceDeclarationsPerElement
    }

    deinit {
        context.pointee._private = nil
        xmlFreeParserCtxt(context)
    }

    func read(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<XMLElement, XMLError> {
        guard let base = buffer.baseAddress else { return .failure(.malformed("empty document")) }
        installHooks()
        let document = base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
            parseWhole(chars, count: Int32(buffer.count))
        }
        defer { if let document { xmlFreeDoc(document) } }

        if let violation { return .failure(violation) }
        guard let document, context.pointee.wellFormed != 0 else {
            return .failure(lastError(default: "document is not well-formed XML"))
        }
        guard context.pointee.nsWellFormed != 0 else {
            return .failure(lastError(default: "document is not namespace-well-formed"))
        }
        guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else {
            return .failure(.forbiddenConstruct("a document type declaration is not allowed"))
        }
        guard let root = xmlDocGetRootElement(document) else {
            return .failure(.malformed("document has no root element"))
        }
        do {
            var converter = LibXML2TreeConverter(maxDepth: maxDepth)
            return .success(try converter.element(from: root, depth: 1))
        } catch {
            return .failure(error)
        }
    }

    /// The whole message as one terminating chunk of libxml2's push parser. Its input has no
    /// read callback, unlike `xmlCtxtReadMemory`'s, whose no-op callback libxml2 invoked at
    /// every look-ahead check of a message shorter than 250 bytes. Returns the document even
    /// when it is not well-formed (the caller checks and frees it).
    private func parseWhole(_ chars: UnsafePointer<CChar>, count: Int32) -> xmlDocPtr? {
        guard xmlCtxtResetPush(context, nil, 0, nil, "UTF-8") == 0 else { return nil }
        _ = xmlCtxtUseOptions(context, Self.options)
        _ = xmlParseChunk(context, chars, count, 1)
        let document = context.pointee.myDoc
        context.pointee.myDoc = nil
        return document
    }

    /// Records the first limit violation and stops libxml2 at once.
    func stop(with error: XMLError) {
        if violation == nil { violation = error }
        xmlStopParser(context)
    }

    /// Keeps the first error-level report; libxml2 reuses its error struct, so copy now.
    func record(_ error: xmlErrorPtr) {
        guard firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        firstError = Self.convert(error)
    }

    var currentLine: Int? {
        guard let input = context.pointee.input else { return nil }
        return Int(input.pointee.line)
    }

    private func lastError(default fallback: String) -> XMLError {
        if let firstError { return firstError }
        guard let error = xmlCtxtGetLastError(context) else { return .malformed(fallback) }
        return Self.convert(error) ?? .malformed(fallback)
    }

    private static func convert(_ error: xmlErrorPtr) -> XMLError? {
        guard let message = error.pointee.message else { return nil }
        let text = String(cString: message).trimmingTrailingNewlines()
        guard !text.isEmpty else { return nil }
        return .malformed(text, line: error.pointee.line > 0 ? Int(error.pointee.line) : nil)
    }

    private func installHooks() {
        context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
        guard let sax = context.pointee.sax else { return }
        sax.pointee.internalSubset = LibXML2SAXHooks.internalSubset
        sax.pointee.externalSubset = LibXML2SAXHooks.externalSubset
        sax.pointee.entityDecl = LibXML2SAXHooks.entityDecl
        sax.pointee.startElementNs = LibXML2SAXHooks.startElementNs
        sax.pointee.serror = LibXML2SAXHooks.structuredError
    }
}

@available(*, unavailable)
extension LibXML2DocumentReader: Sendable {}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var result = self
        while let last = result.last, last.isNewline || last == " " { result.removeLast() }
        return result
    }
}
