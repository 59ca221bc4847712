#if canImport(Glibc)
internal import Glibc
#endif

/// One linear pass over a document's bytes before libxml2 sees them: refuses a declared
/// encoding other than UTF-8 and a start tag with more attributes or namespace declarations
/// than ``XMLParseLimits`` allows.
///
/// Why before libxml2: libxml2 2.9 checks each attribute of a start tag against every earlier
/// one for duplicates, so a tag with n attributes costs O(n²) (200,000 attributes: tens of
/// seconds), and its SAX start-element callback only runs after that. The pass is lexical and
/// tolerant: inside a start tag each `=` outside a quoted value counts one attribute (exact
/// for well-formed XML, where names cannot contain `=` and values are quoted); comments,
/// CDATA sections and processing instructions are skipped. What it does not understand it
/// leaves to libxml2, which refuses malformed documents with its own diagnostics.
struct MarkupPrescan {
    let limits: XMLParseLimits

    /// Returns where the document proper starts: after a UTF-8 byte order mark, which
    /// libxml2 does not skip when told to ignore encoding declarations.
    @discardableResult
    func check(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLError) -> Int {
        let documentStart = try checkEncoding(bytes)
        if bytes.count > Self.countedSize { try checkStartTags(bytes, from: documentStart) }
        return documentStart
    }

    /// Documents up to this size are not counted here: they hold at most 256 attributes in
    /// all, which libxml2 compares in microseconds, and the SAX start-element hook enforces
    /// the same limits exactly. (Counting costs about 10 instructions per byte of markup,
    /// 1-2 % of a small RPC's whole cost.)
    static let countedSize = 1024

    private func checkStartTags(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(XMLError) {
        var index = start
        let end = bytes.count
        while let open = Self.find(.lessThan, in: bytes, from: index) {
            index = open + 1
            guard index < end else { return }
            switch bytes[index] {
            case .exclamation:
                if Self.starts(bytes, at: index, with: Self.commentOpen) {
                    guard let close = Self.find(Self.commentClose, in: bytes, from: index + 3) else { return }
                    index = close
                } else if Self.starts(bytes, at: index, with: Self.cdataOpen) {
                    guard let close = Self.find(Self.cdataClose, in: bytes, from: index + 8) else { return }
                    index = close
                } else {
                    return  // <!DOCTYPE: refused by the parser before any element
                }
            case .question:
                guard let close = Self.find(Self.piClose, in: bytes, from: index + 1) else { return }
                index = close
            case .slash:
                continue
            default:
                guard let next = try startTag(bytes, at: index) else { return }
                index = next
            }
        }
    }

    /// Counts the attributes of the start tag whose name begins at `start`; returns the index
    /// after its `>` (nil when the document ends inside it). Each `=` outside a quoted value
    /// ends an attribute's name (read backwards from it): `xmlns` and `xmlns:p` are
    /// declarations.
    private func startTag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(XMLError) -> Int? {
        var index = start
        var attributes = 0
        var declarations = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .greaterThan { return index + 1 }
            guard byte == .equals else {
                index += 1
                continue
            }
            if Self.isNamespaceDeclaration(bytes, Self.name(endingBefore: index, in: bytes, notBefore: start)) {
                declarations += 1
                if declarations > limits.maxNamespaceDeclarationsPerElement {
                    throw .tooManyNamespaceDeclarations(
                        element: Self.name(bytes, from: start), limit: limits.maxNamespaceDeclarationsPerElement,
                        line: Self.line(bytes, at: index))
                }
            } else {
                attributes += 1
                if attributes > limits.maxAttributesPerElement {
                    throw .tooManyAttributes(
                        element: Self.name(bytes, from: start), limit: limits.maxAttributesPerElement,
                        line: Self.line(bytes, at: index))
                }
            }
            index += 1
            while index < bytes.count, bytes[index].isMarkupWhitespace { index += 1 }
            guard index < bytes.count else { return nil }
            let quote = bytes[index]
            if quote == .doubleQuote || quote == .singleQuote {
                guard let close = Self.find(quote, in: bytes, from: index + 1) else { return nil }
                index = close + 1
            }
        }
        return nil
    }

    /// The word before `=` at `equals`: whitespace skipped, then back to whitespace or a quote.
    private static func name(endingBefore equals: Int, in bytes: UnsafeBufferPointer<UInt8>, notBefore start: Int) -> Range<Int> {
        var end = equals
        while end > start, bytes[end - 1].isMarkupWhitespace { end -= 1 }
        var begin = end
        while begin > start {
            let byte = bytes[begin - 1]
            if byte.isMarkupWhitespace || byte == .doubleQuote || byte == .singleQuote { break }
            begin -= 1
        }
        return begin..<end
    }

    // MARK: Encoding

    /// Refuses UTF-16/UTF-32 input and an XML declaration naming an encoding other than
    /// UTF-8 (RFC 6241 §4: messages are UTF-8; libxml2 would otherwise transcode). Returns
    /// where the document proper starts (after a UTF-8 byte order mark).
    private func checkEncoding(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLError) -> Int {
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)
            || bytes[0] == 0 || bytes[1] == 0 {
            throw .unsupportedEncoding("the message is not UTF-8 (it looks like UTF-16 or UTF-32)")
        }
        var start = 0
        if Self.starts(bytes, at: 0, with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var index = start
        while index < bytes.count, bytes[index].isMarkupWhitespace { index += 1 }
        guard Self.starts(bytes, at: index, with: Self.declarationOpen),
              index + 5 < bytes.count, bytes[index + 5].isMarkupWhitespace,
              let close = Self.find(Self.piClose, in: bytes, from: index + 5)
        else { return start }
        guard let name = Self.encodingName(in: bytes, from: index + 5, to: close - 2) else { return start }
        let normalized = name.lowercased()
        guard normalized == "utf-8" || normalized == "utf8" else {
            throw .unsupportedEncoding("the message declares encoding \"\(name)\"; NETCONF messages are UTF-8 only")
        }
        return start
    }

    /// The value of the `encoding` pseudo-attribute of the XML declaration body `from..<to`.
    private static func encodingName(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> String? {
        var index = from
        while index < end, !starts(bytes, at: index, with: encodingKey) { index += 1 }
        guard index < end else { return nil }
        index += encodingKey.count
        while index < end, bytes[index].isMarkupWhitespace { index += 1 }
        guard index < end, bytes[index] == .equals else { return nil }
        index += 1
        while index < end, bytes[index].isMarkupWhitespace { index += 1 }
        guard index < end, bytes[index] == .doubleQuote || bytes[index] == .singleQuote else { return nil }
        let quote = bytes[index]
        let valueStart = index + 1
        var valueEnd = valueStart
        while valueEnd < end, bytes[valueEnd] != quote { valueEnd += 1 }
        guard valueEnd < end else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
    }

    // MARK: Byte helpers

    private static let commentOpen: [UInt8] = Array("!--".utf8)
    private static let commentClose: [UInt8] = Array("-->".utf8)
    private static let cdataOpen: [UInt8] = Array("![CDATA[".utf8)
    private static let cdataClose: [UInt8] = Array("]]>".utf8)
    private static let piClose: [UInt8] = Array("?>".utf8)
    private static let declarationOpen: [UInt8] = Array("<?xml".utf8)
    private static let xmlns: [UInt8] = Array("xmlns".utf8)
    private static let encodingKey: [UInt8] = Array("encoding".utf8)

    private static func isNamespaceDeclaration(_ bytes: UnsafeBufferPointer<UInt8>, _ token: Range<Int>) -> Bool {
        guard token.count >= 5, starts(bytes, at: token.lowerBound, with: xmlns) else { return false }
        return token.count == 5 || bytes[token.lowerBound + 5] == UInt8(ascii: ":")
    }

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with prefix: [UInt8]) -> Bool {
        guard index >= 0, index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// The index of the first `byte` at or after `from`.
    private static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The index just after the first occurrence of `needle` at or after `from`.
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var index = from
        while let candidate = find(needle[0], in: bytes, from: index) {
            if starts(bytes, at: candidate, with: needle) { return candidate + needle.count }
            index = candidate + 1
        }
        return nil
    }

    /// The qualified name of the start tag at `start` (at most 100 bytes of it), for messages.
    private static func name(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 100, !bytes[end].isMarkupWhitespace,
              bytes[end] != .greaterThan, bytes[end] != .slash { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static func line(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        var lines = 1
        for position in 0..<index where bytes[position] == 0x0A { lines += 1 }
        return lines
    }
}

extension UInt8 {
    fileprivate static let lessThan = UInt8(ascii: "<")
    fileprivate static let greaterThan = UInt8(ascii: ">")
    fileprivate static let exclamation = UInt8(ascii: "!")
    fileprivate static let question = UInt8(ascii: "?")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let equals = UInt8(ascii: "=")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let singleQuote = UInt8(ascii: "'")

    fileprivate var isMarkupWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
