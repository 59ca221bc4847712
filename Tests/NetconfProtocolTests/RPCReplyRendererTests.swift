import NetconfModel
import Testing
import XMLSupport

@Suite struct RPCReplyRendererTests {
    static let base = NetconfNamespace.base

    private func parse(_ text: String) throws -> XMLElement {
        try XMLDocumentParser.parse(Array(text.utf8))
    }

    private let request = RPCRequest(
        messageID: "m-1",
        attributes: [XMLAttribute(name: "message-id", value: "m-1"),
                     XMLAttribute(name: "tag", namespace: "urn:t", prefix: "t", value: "<&>")],
        namespaceDeclarations: [XMLNamespaceDeclaration(prefix: nil, uri: "urn:not-base"),
                                XMLNamespaceDeclaration(prefix: "t", uri: "urn:t")],
        operation: XMLElement(name: "get", namespace: NetconfNamespace.base))

    @Test func okEchoesAttributesAndDropsAConflictingDefaultNamespace() throws {
        let reply = try parse(RPCReplyRenderer.render(.ok, for: request))
        #expect(reply == (try parse("""
            <rpc-reply xmlns:t="urn:t" xmlns="\(Self.base)" message-id="m-1" t:tag="&lt;&amp;&gt;"><ok/></rpc-reply>
            """)))
    }

    @Test func dataIsInsertedVerbatimInsideData() throws {
        let reply = try parse(RPCReplyRenderer.render(.data("<top xmlns=\"urn:top\"><leaf>1</leaf></top><other xmlns=\"urn:o\"/>"), for: request))
        let data = try #require(reply.firstChild(named: "data", namespace: Self.base))
        #expect(data.childElements.map(\.namespace) == ["urn:top", "urn:o"])
        #expect(data.firstChild(named: "top", namespace: "urn:top")?.textContent == "1")
    }

    @Test func emptyDataIsAnEmptyDataElement() throws {
        let reply = try parse(RPCReplyRenderer.render(.data(""), for: request))
        #expect(reply.firstChild(named: "data", namespace: Self.base)?.children == [])
    }

    @Test func errorsAreListedInOrder() throws {
        let reply = try parse(RPCReplyRenderer.render(
            .errors([.invalidValue("first"), .missingElement(name: "second")]), for: request))
        let errors = reply.children(named: "rpc-error", namespace: Self.base)
        #expect(errors.map { $0.firstChild(named: "error-tag", namespace: Self.base)?.textContent } == ["invalid-value", "missing-element"])
    }

    @Test func emptyErrorListIsOk() throws {
        let reply = try parse(RPCReplyRenderer.render(.errors([]), for: nil))
        #expect(reply == (try parse("<rpc-reply xmlns=\"\(Self.base)\"><ok/></rpc-reply>")))
    }

    @Test func withoutARequestTheReplyHasNoAttributes() throws {
        let reply = try parse(RPCReplyRenderer.render(.errors([.malformedMessage("bad")]), for: nil))
        #expect(reply.attributes.isEmpty)
        #expect(reply.firstChild(named: "rpc-error", namespace: Self.base) != nil)
    }

    @Test func isErrorIgnoresWarnings() {
        #expect(RPCReplyContent.errors([.operationFailed("x")]).isError)
        #expect(!RPCReplyContent.errors([RPCError(type: .application, tag: .operationFailed, severity: .warning)]).isError)
        #expect(!RPCReplyContent.ok.isError)
    }
}
