import Testing
import XMLSupport

/// Attribute and namespace-declaration limits per start tag, and UTF-8 only input: refused
/// with a precise ``XMLError`` before libxml2 reads the tag.
@Suite struct XMLParseLimitsTests {
    private func parse(_ text: String, limits: XMLParseLimits = .init()) throws(XMLError) -> XMLElement {
        try XMLDocumentParser.parse(Array(text.utf8), limits: limits)
    }

    private static func attributes(_ count: Int, prefix: String = "a") -> String {
        (0..<count).map { " \(prefix)\($0)=\"v\"" }.joined()
    }

    private static func declarations(_ count: Int) -> String {
        (0..<count).map { " xmlns:p\($0)=\"urn:p\($0)\"" }.joined()
    }

    @Test func sixtyFourAttributesAndSixtyFourDeclarationsAreAccepted() throws {
        let root = try parse("<r xmlns=\"urn:r\"\(Self.declarations(63))\(Self.attributes(64))/>")
        #expect(root.attributes.count == 64)
        #expect(root.namespaceDeclarations.count == 64)
    }

    /// A comment that takes a document past ``MarkupPrescan``'s size, so the linear pass
    /// counts (smaller documents are counted by libxml2's SAX hook; both must agree).
    private static let padding = "<!--" + String(repeating: " a=\"1\" <b c='2'> ", count: 80) + "-->"

    @Test(arguments: ["", padding])
    func theSixtyFifthAttributeIsRefusedNamingTheElementAndLine(_ pad: String) {
        #expect {
            try parse("<rpc>\n  <get\(Self.attributes(65))/></rpc>\(pad)")
        } throws: { error in
            let error = error as? XMLError
            return error?.code == .tooManyAttributes && error?.line == 2
                && error?.message == "the element <get> has more than 64 attributes"
        }
    }

    @Test(arguments: ["", padding])
    func theSixtyFifthNamespaceDeclarationIsRefused(_ pad: String) {
        #expect {
            try parse("<x:top xmlns:x=\"urn:x\"\(Self.declarations(64))/>\(pad)")
        } throws: { error in
            (error as? XMLError)?.code == .tooManyNamespaceDeclarations
                && (error as? XMLError)?.message == "the element <x:top> has more than 64 namespace declarations"
        }
    }

    @Test(arguments: ["", padding])
    func limitsAreConfigurable(_ pad: String) throws {
        let limits = XMLParseLimits(maxAttributesPerElement: 2, maxNamespaceDeclarationsPerElement: 1)
        #expect(try parse("<a x=\"1\" y=\"2\" xmlns=\"urn:a\"/>\(pad)", limits: limits).attributes.count == 2)
        #expect(throws: XMLError.self) { try parse("<a x=\"1\" y=\"2\" z=\"3\"/>\(pad)", limits: limits) }
        #expect(throws: XMLError.self) { try parse("<a xmlns=\"urn:a\" xmlns:b=\"urn:b\"/>\(pad)", limits: limits) }
    }

    /// What the prescan must not count: `=` in values, text, comments, CDATA, processing
    /// instructions; spacing around `=`; either quote; `>` inside a value.
    @Test func onlyRealAttributesCount() throws {
        let limits = XMLParseLimits(maxAttributesPerElement: 2, maxNamespaceDeclarationsPerElement: 1)
        let text = """
            <?xml version = '1.0' encoding = "utf-8" ?><!-- a=1 b=2 c=3 <x a=1 b=2 c=3> -->\
            <a x = "1=2=3 >" y='a=b' xmlns = "urn:a"><?pi a=1 b=2 c=3?>\
            <![CDATA[<b a="1" b="2" c="3">]]>p=q r=s t=u<b xmlnsx="1" z='2'/></a>
            """ + Self.padding
        let root = try parse(text, limits: limits)
        #expect(root.attributes.map(\.value) == ["1=2=3 >", "a=b"])
        #expect(root.childElements.first?.attributes.count == 2, "xmlnsx is an attribute, not a declaration")
    }

    /// 200,000 attributes on one start tag: refused at the 65th, in linear time (libxml2 2.9
    /// alone spends O(n²) comparing each attribute with the earlier ones).
    @Test(.timeLimit(.minutes(1))) func twoHundredThousandAttributesAreRefusedQuickly() {
        let tag = "<rpc xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"1\"><get"
            + Self.attributes(200_000) + "/></rpc>"
        let start = ContinuousClock.now
        #expect(throws: XMLError.self) { try parse(tag, limits: XMLParseLimits(maxBytes: 16 << 20)) }
        #expect(ContinuousClock.now - start < .milliseconds(500))
    }

    @Test(arguments: ["ISO-8859-1", "UTF-16", "us-ascii", "Shift_JIS"])
    func aDeclaredEncodingOtherThanUTF8IsRefused(_ encoding: String) {
        #expect {
            try parse("<?xml version=\"1.0\" encoding=\"\(encoding)\"?><a>caf\u{E9}</a>")
        } throws: { error in
            (error as? XMLError)?.code == .unsupportedEncoding
                && (error as? XMLError)?.message.contains("\"\(encoding)\"") == true
        }
    }

    @Test func utf8DeclarationsAndAByteOrderMarkAreAccepted() throws {
        #expect(try parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>").name == "a")
        #expect(try parse("<?xml version='1.0' encoding='utf8'?><a/>").name == "a")
        #expect(try parse("<?xml version=\"1.0\"?><a/>").name == "a")
        #expect(try XMLDocumentParser.parse([0xEF, 0xBB, 0xBF] + Array("<a>\u{E9}</a>".utf8)).textContent == "\u{E9}")
    }

    @Test func utf16InputIsRefusedNotTranscoded() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<a/>".utf8).flatMap { (byte: UInt8) -> [UInt8] in [byte, 0] }
        #expect { try XMLDocumentParser.parse(utf16) } throws: { ($0 as? XMLError)?.code == .unsupportedEncoding }
        let noMark: [UInt8] = Array("<a/>".utf8).flatMap { (byte: UInt8) -> [UInt8] in [0, byte] }
        #expect { try XMLDocumentParser.parse(noMark) } throws: { ($0 as? XMLError)?.code == .unsupportedEncoding }
    }
}
