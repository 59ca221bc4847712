import Testing
import XMLSupport

@Suite struct XMLWriterTests {
    private func reparse(_ element: XMLElement) throws -> XMLElement {
        try XMLDocumentParser.parse(Array(XMLWriter.serialize(element).utf8))
    }

    @Test func roundTripsParsedDocuments() throws {
        let documents = [
            "<rpc xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\" message-id=\"101\" xmlns:ex=\"urn:ex\" ex:user=\"a&amp;b\"><get-config><source><running/></source><filter type=\"subtree\"><ex:top><ex:name>x &lt; y</ex:name></ex:top></filter></get-config></rpc>",
            "<a xmlns:p=\"urn:p\"><p:b xmlns=\"urn:d\"><c/><d xmlns=\"\"/></p:b></a>",
            "<a><b>  </b><c>tab\there</c><d q=\"&quot;&apos;&lt;&gt;&amp;\">]]&gt;</d></a>",
        ]
        for document in documents {
            let parsed = try XMLDocumentParser.parse(Array(document.utf8))
            #expect(try reparse(parsed) == parsed)
        }
    }

    @Test func declaresNamespacesThatAreNotInScope() throws {
        let element = XMLElement(
            name: "top", namespace: "urn:a",
            attributes: [XMLAttribute(name: "k", namespace: "urn:k", prefix: "k", value: "v"),
                         XMLAttribute(name: "anon", namespace: "urn:anon", value: "w")],
            children: [
                .element(XMLElement(name: "child", namespace: "urn:b", prefix: "b")),
                .element(XMLElement(name: "plain")),
                .element(XMLElement(name: "same", namespace: "urn:a")),
            ])
        let reparsed = try reparse(element)
        #expect(reparsed.name == "top" && reparsed.namespace == "urn:a")
        #expect(reparsed.attribute(named: "k", namespace: "urn:k") == "v")
        #expect(reparsed.attribute(named: "anon", namespace: "urn:anon") == "w")
        #expect(reparsed.firstChild(named: "child", namespace: "urn:b")?.prefix == "b")
        #expect(reparsed.firstChild(named: "plain", namespace: nil) != nil)
        #expect(reparsed.firstChild(named: "same", namespace: "urn:a")?.namespaceDeclarations == [])
    }

    @Test func resolvesConflictingPrefixesWithFreshOnes() throws {
        let element = XMLElement(
            name: "a", namespace: "urn:one", prefix: "p",
            attributes: [XMLAttribute(name: "x", namespace: "urn:two", prefix: "p", value: "1")],
            namespaceDeclarations: [XMLNamespaceDeclaration(prefix: nil, uri: "urn:default")],
            children: [.element(XMLElement(name: "b", namespace: "urn:three"))])
        let reparsed = try reparse(element)
        #expect(reparsed.namespace == "urn:one")
        #expect(reparsed.attribute(named: "x", namespace: "urn:two") == "1")
        #expect(reparsed.childElements.first?.namespace == "urn:three")
    }

    /// An attribute must not re-bind a prefix the element name on the same tag relies on.
    @Test func attributesNeverRebindThePrefixOfTheirElement() throws {
        let child = XMLElement(
            name: "c", namespace: "urn:parent", prefix: "p",
            attributes: [XMLAttribute(name: "x", namespace: "urn:other", prefix: "p", value: "1"),
                         XMLAttribute(name: "x", namespace: "urn:third", prefix: "p", value: "2")])
        let parent = XMLElement(name: "top", namespace: "urn:parent", prefix: "p", children: [.element(child)])
        let reparsed = try reparse(parent)
        let written = try #require(reparsed.childElements.first)
        #expect(written.namespace == "urn:parent")
        #expect(written.attribute(named: "x", namespace: "urn:other") == "1")
        #expect(written.attribute(named: "x", namespace: "urn:third") == "2")
    }

    @Test func unqualifiedChildUndoesDefaultNamespace() throws {
        let element = XMLElement(
            name: "a", namespace: "urn:d", namespaceDeclarations: [XMLNamespaceDeclaration(prefix: nil, uri: "urn:d")],
            children: [.element(XMLElement(name: "b"))])
        let reparsed = try reparse(element)
        #expect(reparsed.childElements.first?.namespace == nil)
    }

    @Test func keepsPathPrefixDeclarationsOnTheElement() throws {
        let element = XMLElement(
            name: "error-path",
            namespaceDeclarations: [XMLNamespaceDeclaration(prefix: "sys", uri: "urn:ietf:params:xml:ns:yang:ietf-system")],
            children: [.text("/sys:system/sys:ntp")])
        let reparsed = try reparse(element)
        #expect(reparsed.namespaceDeclarations == element.namespaceDeclarations)
        #expect(reparsed.textContent == "/sys:system/sys:ntp")
    }

    @Test func escapesTextAndAttributes() {
        #expect(XMLWriter.escapeText("a<b>&c\"d'e\r") == "a&lt;b&gt;&amp;c\"d'e&#13;")
        #expect(XMLWriter.escapeAttribute("a<b>&c\"d'e\t\n") == "a&lt;b&gt;&amp;c&quot;d&apos;e&#9;&#10;")
        #expect(XMLWriter.escapeText("bell\u{7}") == "bell\u{FFFD}")
        #expect(XMLWriter.escapeText("plain ünïcødé 🙂") == "plain ünïcødé 🙂")
    }

    @Test func escapedValuesSurviveARoundTrip() throws {
        let nasty = "<&>\"' \t\n\r ]]> \u{1} end"
        let element = XMLElement(name: "a", attributes: [XMLAttribute(name: "v", value: nasty)], children: [.text(nasty)])
        let reparsed = try reparse(element)
        let expected = "<&>\"' \t\n\r ]]> \u{FFFD} end"
        #expect(reparsed.attribute(named: "v") == expected)
        #expect(reparsed.textContent == expected)
    }

    @Test func insertsRawContentBeforeTheClosingTag() throws {
        let element = XMLElement(name: "data", namespace: "urn:d")
        let text = XMLWriter.serialize(element, rawContent: "<x xmlns=\"urn:x\">1</x>")
        let reparsed = try XMLDocumentParser.parse(Array(text.utf8))
        #expect(reparsed.childElements.map(\.namespace) == ["urn:x"])
    }

    @Test func writesEmptyElementsSelfClosed() {
        #expect(XMLWriter.serialize(XMLElement(name: "ok", namespace: "urn:b")) == "<ok xmlns=\"urn:b\"/>")
    }
}

@Suite struct XMLFragmentWriterTests {
    @Test func fragmentElementsAreSelfContained() throws {
        let nodes: [XMLNode] = [
            .element(XMLElement(name: "a", namespace: "urn:a", children: [.text("1")])),
            .element(XMLElement(name: "b", namespace: "urn:b", prefix: "b")),
        ]
        let text = XMLWriter.serialize(fragment: nodes)
        let wrapped = try XMLDocumentParser.parse(Array("<data xmlns=\"urn:outer\">\(text)</data>".utf8))
        #expect(wrapped.childElements.map(\.namespace) == ["urn:a", "urn:b"])
    }
}
