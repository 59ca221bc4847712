import Testing
import XMLSupport

@Suite struct XMLDocumentParserTests {
    private func parse(_ text: String, limits: XMLParseLimits = .init()) throws(XMLError) -> XMLElement {
        try XMLDocumentParser.parse(Array(text.utf8), limits: limits)
    }

    @Test func resolvesNamespacesPrefixesAndDeclarations() throws {
        let root = try parse("""
            <rpc xmlns="urn:base" xmlns:x="urn:x" message-id="7" x:tag="t"><x:get><filter/></x:get></rpc>
            """)
        #expect(root == XMLElement(
            name: "rpc", namespace: "urn:base",
            attributes: [
                XMLAttribute(name: "message-id", value: "7"),
                XMLAttribute(name: "tag", namespace: "urn:x", prefix: "x", value: "t"),
            ],
            namespaceDeclarations: [
                XMLNamespaceDeclaration(prefix: nil, uri: "urn:base"),
                XMLNamespaceDeclaration(prefix: "x", uri: "urn:x"),
            ],
            children: [.element(XMLElement(
                name: "get", namespace: "urn:x", prefix: "x",
                children: [.element(XMLElement(name: "filter", namespace: "urn:base"))]))]
        ))
    }

    @Test func dropsFormattingWhitespaceButKeepsLeafValues() throws {
        let root = try parse("<a>\n  <b> </b>\n  <c>x &amp; y</c>\n</a>")
        #expect(root.children.count == 2)
        #expect(root.firstChild(named: "b", namespace: nil)?.textContent == " ")
        #expect(root.firstChild(named: "c", namespace: nil)?.textContent == "x & y")
    }

    @Test func mergesTextCDATAAndCharacterReferences() throws {
        let root = try parse("<a>one<![CDATA[<two>]]>&#x33;<!-- note --><?pi x?>four</a>")
        #expect(root.children == [.text("one<two>3four")])
    }

    @Test func acceptsXMLDeclarationAndLeadingWhitespace() throws {
        #expect(try parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hello/>").name == "hello")
        #expect(try parse("\n  <hello/>\n").name == "hello")
    }

    @Test func decodesAmpersandsInNamespaceURIs() throws {
        let root = try parse("<a xmlns=\"urn:x?a=1&amp;b=2\" xmlns:p=\"urn:p&#38;q\" p:t=\"v&amp;w\"><p:b/></a>")
        #expect(root.namespace == "urn:x?a=1&b=2")
        #expect(root.namespaceDeclarations.map(\.uri) == ["urn:x?a=1&b=2", "urn:p&q"])
        #expect(root.attributes == [XMLAttribute(name: "t", namespace: "urn:p&q", prefix: "p", value: "v&w")])
        #expect(root.childElements.first?.namespace == "urn:p&q")
    }

    @Test func keepsXMLLangAttributeInXMLNamespace() throws {
        let root = try parse("<m xml:lang=\"en\">hi</m>")
        #expect(root.attributes == [XMLAttribute(name: "lang", namespace: XMLNamespaceURI.xml, prefix: "xml", value: "en")])
    }

    @Test(arguments: [
        "", "<a>", "<a></b>", "<a/><b/>", "text", "<a x='1' x='2'/>", "<a>&undefined;</a>",
        "<p:a/>", "<a>\u{0}</a>", "<a/>garbage",
    ])
    func refusesMalformedDocuments(_ text: String) {
        #expect(throws: XMLError.self) { try parse(text) }
        do { _ = try parse(text) } catch { #expect(error.code == .malformed) }
    }

    @Test func reportsLibXML2MessageAndLine() {
        do {
            _ = try parse("<a>\n<b>\n</a>")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.line == 3)
            #expect(error.message.contains("mismatch"))
        }
    }

    /// RFC 6241 §3: messages are UTF-8. A declaration naming another encoding is refused, and
    /// bytes that are not UTF-8 are malformed (never converted, which libxml2 reported on stderr).
    @Test func readsOnlyUTF8() throws {
        #expect(try parse("<?xml version='1.0' encoding='utf-8'?><a>caf\u{E9}</a>").textContent == "caf\u{E9}")
        for declared in ["ISO-8859-1", "EUC-JP", "UTF-16"] {
            #expect(throws: XMLError.self, "declared \(declared)") {
                try XMLDocumentParser.parse(Array("<?xml version='1.0' encoding='\(declared)'?><a>caf\u{E9}</a>".utf8))
            }
        }
        let bytes = Array("<a>caf".utf8) + [0xE9, 0xFF] + Array("</a>".utf8)
        #expect(throws: XMLError.self) { try XMLDocumentParser.parse(bytes) }
        let utf16: [UInt8] = [0xFF, 0xFE] + "<a/>".utf8.flatMap { [$0, 0] as [UInt8] }
        #expect(throws: XMLError.self) { try XMLDocumentParser.parse(utf16) }
    }

    @Test func refusesBillionLaughsQuickly() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
             <!ENTITY lol "lol">
             <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
             <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
             <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
             <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
             <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
             <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
             <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <lolz a="&lol9;">&lol9;</lolz>
            """
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try parse(laughs)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .forbiddenConstruct)
        }
        #expect(clock.now - start < .seconds(1))
    }

    @Test(arguments: [
        "<!DOCTYPE a><a/>",
        "<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a/>",
        "<!DOCTYPE a [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><a>&xxe;</a>",
        "<!DOCTYPE a PUBLIC \"-//x//y\" \"http://example.com/a.dtd\"><a/>",
    ])
    func refusesAnyDocumentTypeDeclaration(_ text: String) {
        do {
            _ = try parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .forbiddenConstruct)
        }
    }

    @Test func enforcesDepthLimitExactly() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "<e>", count: depth) + String(repeating: "</e>", count: depth)
        }
        let limits = XMLParseLimits(maxDepth: 10)
        #expect(try parse(nested(10), limits: limits).name == "e")
        do {
            _ = try parse(nested(11), limits: limits)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooDeep)
        }
        #expect(try parse(nested(256)).name == "e")
        do {
            _ = try parse(nested(10_000))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooDeep)
        }
    }

    @Test func enforcesSizeLimit() {
        let text = "<a>" + String(repeating: "x", count: 100) + "</a>"
        do {
            _ = try parse(text, limits: XMLParseLimits(maxBytes: 50))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooLarge)
        }
    }

    @Test func parsesNonContiguousCollections() throws {
        let bytes = Array("<a>ok</a>".utf8)
        let root = try XMLDocumentParser.parse(bytes.lazy.map { $0 })
        #expect(root.textContent == "ok")
        #expect(try XMLDocumentParser.parse(bytes[...]).name == "a")
    }

    @Test func parsesConcurrentlyFromManyTasks() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let root = try XMLDocumentParser.parse(Array("<n xmlns='urn:\(index)'>\(index)</n>".utf8))
                    return root.namespace == "urn:\(index)" && root.textContent == "\(index)"
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
