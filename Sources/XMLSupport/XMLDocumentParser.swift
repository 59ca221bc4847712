internal import CLibXML2

/// Parses one XML document into an ``XMLElement`` value with libxml2.
///
/// The document is read with network access off, no DTD loading and no entity substitution;
/// a document that carries a DOCTYPE at all is refused with ``XMLError/Code/forbiddenConstruct``
/// before its internal subset is read, which rules out entity expansion ("billion laughs") and
/// external entities (XXE). Only UTF-8 is read (a declared other encoding is refused, never
/// transcoded), and start tags with too many attributes or namespace declarations are
/// refused by a linear pass before libxml2 reads them (``MarkupPrescan``). No libxml2 object
/// outlives the call.
public enum XMLDocumentParser {
    /// Parses `bytes` and returns the document's root element.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        limits: XMLParseLimits = .init()
    ) throws(XMLError) -> XMLElement {
        let size = bytes.count
        guard size <= limits.maxBytes, size <= Int(Int32.max) else {
            throw .tooLarge(size: size, limit: min(limits.maxBytes, Int(Int32.max)))
        }
        guard size > 0 else { throw .malformed("empty document") }
        LibXML2Library.initializeOnce()

        let result: Result<XMLElement, XMLError>
        if let contiguous = bytes.withContiguousStorageIfAvailable({ parse(buffer: $0, limits: limits) }) {
            result = contiguous
        } else {
            result = Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, limits: limits) }
        }
        return try result.get()
    }

    private static func parse(
        buffer: UnsafeBufferPointer<UInt8>,
        limits: XMLParseLimits
    ) -> Result<XMLElement, XMLError> {
        let documentStart: Int
        do {
            documentStart = try MarkupPrescan(limits: limits).check(buffer)
        } catch {
            return .failure(error)
        }
        guard let parser = LibXML2DocumentReader(limits: limits) else {
            return .failure(.malformed("libxml2 could not allocate a parser context"))
        }
        return parser.read(UnsafeBufferPointer(rebasing: buffer[documentStart...]))
    }
}
