import NetconfModel
import NetconfProtocol
import Testing
import XMLSupport

/// How the session machine reads `<rpc>` envelopes and answers the ones it refuses.
@Suite struct RPCEnvelopeTests {
    typealias Client = NetconfTestClient
    static let base = NetconfNamespace.base

    private func established(_ capabilities: [String] = Client.bothBaseVersions, style: FeedStyle = .whole) throws -> Client {
        var client = Client(style: style)
        try client.establish(clientCapabilities: capabilities)
        return client
    }

    @Test(arguments: FeedStyle.allCases)
    func echoesEveryRPCAttributeIncludingPrefixedOnes(_ style: FeedStyle) throws {
        var client = try established(style: style)
        let actions = client.send("""
            <rpc xmlns="\(Self.base)" xmlns:ex="urn:example:agent" message-id="101" ex:user-id="fred" trace="a&amp;b">\
            <get-config><source><running/></source></get-config></rpc>
            """)
        let request = try #require(actions.dispatched.first)
        #expect(actions.count == 1)
        #expect(request.messageID == "101")
        #expect(request.operationName == "get-config")
        #expect(request.operation == (try xml("<get-config xmlns=\"\(Self.base)\"><source><running/></source></get-config>")).withoutDeclarations)
        #expect(request.attributes == [
            XMLAttribute(name: "message-id", value: "101"),
            XMLAttribute(name: "user-id", namespace: "urn:example:agent", prefix: "ex", value: "fred"),
            XMLAttribute(name: "trace", value: "a&b"),
        ])
        let reply = try client.messages(in: client.machine.replyReady(.ok))
        #expect(reply == [try xml("""
            <rpc-reply xmlns="\(Self.base)" xmlns:ex="urn:example:agent" message-id="101" ex:user-id="fred" trace="a&amp;b"><ok/></rpc-reply>
            """)])
    }

    @Test func echoesPrefixedRPCElementsWithTheBaseNamespace() throws {
        var client = try established()
        let actions = client.send("<nc:rpc xmlns:nc=\"\(Self.base)\" nc:x=\"1\" message-id=\"3\"><nc:get/></nc:rpc>")
        let request = try #require(actions.dispatched.first)
        #expect(request.operation.namespace == Self.base)
        let reply = try #require(try client.messages(in: client.machine.replyReady(.ok)).first)
        #expect(reply.name == "rpc-reply" && reply.namespace == Self.base)
        #expect(reply.attribute(named: "message-id") == "3")
        #expect(reply.attribute(named: "x", namespace: Self.base) == "1")
        #expect(reply.firstChild(named: "ok", namespace: Self.base) != nil)
    }

    @Test(arguments: FeedStyle.allCases)
    func missingMessageIDIsAnsweredWithMissingAttribute(_ style: FeedStyle) throws {
        var client = try established(style: style)
        let actions = client.send("<rpc xmlns=\"\(Self.base)\" xmlns:ex=\"urn:ex\" ex:tag=\"t\" other=\"o\"><get/></rpc>")
        #expect(actions.dispatched.isEmpty)
        #expect(try client.messages(in: actions) == [try xml("""
            <rpc-reply xmlns="\(Self.base)" xmlns:ex="urn:ex" ex:tag="t" other="o"><rpc-error>\
            <error-type>rpc</error-type><error-tag>missing-attribute</error-tag><error-severity>error</error-severity>\
            <error-message xml:lang="en">missing attribute "message-id" on &lt;rpc&gt;</error-message>\
            <error-info><bad-attribute>message-id</bad-attribute><bad-element>rpc</bad-element></error-info>\
            </rpc-error></rpc-reply>
            """)])
        #expect(client.machine.isEstablished)
        #expect(client.machine.counters.inBadRPCs == 1)
        #expect(client.machine.counters.outRPCErrors == 1)
        #expect(client.send(Client.rpc("2")).dispatched.count == 1)
    }

    static let unreadableMessages = [
        "<rpc xmlns=\"\(NetconfNamespace.base)\" message-id=\"1\"><get></rpc>",
        "not xml at all",
        "<rpc xmlns=\"\(NetconfNamespace.base)\" message-id=\"1\"><get/></rpc><rpc/>",
        "<unknown-root xmlns=\"\(NetconfNamespace.base)\" message-id=\"1\"/>",
        "<rpc message-id=\"1\"><get/></rpc>",
        "<rpc xmlns=\"urn:other\" message-id=\"1\"><get/></rpc>",
        "<rpc xmlns=\"\(NetconfNamespace.base)\" message-id=\"1\"><p:get/></rpc>",
    ]

    @Test(arguments: unreadableMessages)
    func base11AnswersUnreadableMessagesWithMalformedMessage(_ message: String) throws {
        var client = try established()
        let replies = try client.messages(in: client.send(message))
        let reply = try #require(replies.first)
        #expect(replies.count == 1)
        #expect(reply.attributes.isEmpty, "no message-id: the message could not be read as an <rpc>")
        let error = try #require(reply.firstChild(named: "rpc-error", namespace: Self.base))
        #expect(error.firstChild(named: "error-type", namespace: Self.base)?.textContent == "rpc")
        #expect(error.firstChild(named: "error-tag", namespace: Self.base)?.textContent == "malformed-message")
        #expect(client.machine.isEstablished)
        #expect(client.send(Client.rpc("next")).dispatched.map(\.messageID) == ["next"])
    }

    @Test(arguments: unreadableMessages)
    func base10AnswersUnreadableMessagesWithOperationFailed(_ message: String) throws {
        var client = try established([NetconfCapability.base10])
        let reply = try #require(try client.messages(in: client.send(message)).first)
        let error = try #require(reply.firstChild(named: "rpc-error", namespace: Self.base))
        #expect(error.firstChild(named: "error-type", namespace: Self.base)?.textContent == "rpc")
        #expect(error.firstChild(named: "error-tag", namespace: Self.base)?.textContent == "operation-failed")
        #expect(client.machine.isEstablished)
    }

    @Test func billionLaughsIsRefusedQuicklyAndTheSessionGoesOn() throws {
        var client = try established()
        var entities = "<!ENTITY l0 \"lol\">"
        for level in 1...9 { entities += "<!ENTITY l\(level) \"" + String(repeating: "&l\(level - 1);", count: 10) + "\">" }
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE rpc [\(entities)]><rpc xmlns=\"\(Self.base)\" message-id=\"&l9;\"><get>&l9;</get></rpc>"
        let clock = ContinuousClock()
        let start = clock.now
        let reply = try #require(try client.messages(in: client.send(bomb)).first)
        #expect(clock.now - start < .seconds(1))
        #expect(reply.firstChild(named: "rpc-error", namespace: Self.base)?
            .firstChild(named: "error-tag", namespace: Self.base)?.textContent == "malformed-message")
        #expect(client.send(Client.rpc("after")).dispatched.map(\.messageID) == ["after"])
    }

    @Test func externalEntityIsRefused() throws {
        var client = try established()
        let xxe = "<!DOCTYPE rpc [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><rpc xmlns=\"\(Self.base)\" message-id=\"1\"><get>&x;</get></rpc>"
        let actions = client.send(xxe)
        #expect(actions.dispatched.isEmpty)
        #expect(try client.messages(in: actions).first?.firstChild(named: "rpc-error", namespace: Self.base) != nil)
    }

    @Test func emptyRPCIsAnsweredWithMissingElementEchoingTheMessageID() throws {
        var client = try established()
        let reply = try #require(try client.messages(in: client.send("<rpc xmlns=\"\(Self.base)\" message-id=\"8\"/>")).first)
        #expect(reply.attribute(named: "message-id") == "8")
        let error = try #require(reply.firstChild(named: "rpc-error", namespace: Self.base))
        #expect(error.firstChild(named: "error-tag", namespace: Self.base)?.textContent == "missing-element")
    }

    @Test func twoOperationsInOneRPCAreRefused() throws {
        var client = try established()
        let actions = client.send(Client.rpc("4", "<get/><get-config/>"))
        #expect(actions.dispatched.isEmpty)
        let reply = try #require(try client.messages(in: actions).first)
        #expect(reply.attribute(named: "message-id") == "4")
        #expect(reply.firstChild(named: "rpc-error", namespace: Self.base)?
            .firstChild(named: "error-tag", namespace: Self.base)?.textContent == "malformed-message")
    }

    @Test func oversizedMessageIsAFramingErrorThatClosesTheSession() throws {
        var client = Client(maxMessageSize: 256)
        try client.establish()
        let actions = client.send(Client.rpc("1", "<get>" + String(repeating: "x", count: 300) + "</get>"))
        #expect(actions.closeReason?.isFramingError == true)
        #expect(client.machine.phase == .closed)
    }

    @Test func countsCorrectAndBadRPCs() throws {
        var client = try established()
        _ = client.send([Client.rpc("1"), "<junk/>"])
        _ = client.machine.replyReady(.errors([.operationFailed("nope")]))
        #expect(client.machine.counters.inRPCs == 1)
        #expect(client.machine.counters.inBadRPCs == 1)
        #expect(client.machine.counters.outRPCErrors == 2)
    }
}

extension XMLElement {
    /// The element with the namespace declarations of its subtree removed (they are kept on
    /// the root of a parsed document, but an operation element is cut out of its `<rpc>`).
    var withoutDeclarations: XMLElement {
        var copy = self
        copy.namespaceDeclarations = []
        copy.children = children.map { node in
            if case .element(let element) = node { .element(element.withoutDeclarations) } else { node }
        }
        return copy
    }
}
