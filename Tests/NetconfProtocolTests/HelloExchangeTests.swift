import NetconfModel
import NetconfProtocol
import Testing
import XMLSupport

@Suite struct HelloExchangeTests {
    typealias Client = NetconfTestClient
    static let base = NetconfNamespace.base

    @Test func serverHelloIsEndOfMessageFramedAndSentOnce() throws {
        var machine = NetconfSessionStateMachine(
            sessionID: SessionID(rawValue: 7), capabilities: Client.bothBaseVersions, maxMessageSize: 4096)
        let actions = machine.start()
        guard case .write(let bytes) = try #require(actions.first), actions.count == 1 else {
            Issue.record("expected one write, got \(actions)")
            return
        }
        #expect(bytes.suffix(6) == "]]>]]>".bytes)
        #expect(try XMLDocumentParser.parse(bytes.dropLast(6)) == xml("""
            <hello xmlns="\(Self.base)"><capabilities>\
            <capability>urn:ietf:params:netconf:base:1.0</capability>\
            <capability>urn:ietf:params:netconf:base:1.1</capability>\
            </capabilities><session-id>7</session-id></hello>
            """))
        #expect(machine.start().isEmpty)
        #expect(machine.phase == .awaitingClientHello)
    }

    @Test(arguments: [
        ([NetconfCapability.base10], NetconfBaseVersion.base10),
        ([NetconfCapability.base11], .base11),
        ([NetconfCapability.base10, NetconfCapability.base11], .base11),
        (["urn:x", NetconfCapability.base11, "urn:y"], .base11),
    ], FeedStyle.allCases)
    func negotiatesTheHighestCommonBaseVersion(_ testCase: ([String], NetconfBaseVersion), _ style: FeedStyle) throws {
        var client = Client(style: style)
        try client.establish(clientCapabilities: testCase.0)
        #expect(client.machine.negotiatedBase == testCase.1)
        #expect(client.machine.clientCapabilities == testCase.0)
        let actions = client.send(Client.rpc("1"))
        #expect(actions.dispatched.map(\.messageID) == ["1"])
    }

    @Test func base10ServerKeepsEndOfMessageFramingWithABase11Client() throws {
        var client = Client(serverCapabilities: [NetconfCapability.base10])
        try client.establish()
        #expect(client.machine.negotiatedBase == .base10)
        let dispatched = client.sendRaw("\(Client.rpc("5"))]]>]]>".bytes).dispatched
        #expect(dispatched.map(\.messageID) == ["5"])
    }

    @Test func base11SessionUsesChunkedFramingBothWays() throws {
        var client = Client()
        try client.establish()
        #expect(client.sendRaw("\(Client.rpc("1"))]]>]]>".bytes).closeReason?.isFramingError == true)

        var chunked = Client()
        try chunked.establish()
        _ = chunked.send(Client.rpc("2"))
        guard case .write(let reply) = try #require(chunked.machine.replyReady(.ok).first) else {
            Issue.record("expected a write")
            return
        }
        #expect(reply.first == UInt8(ascii: "\n") && reply.suffix(4) == "\n##\n".bytes)
    }

    @Test(arguments: FeedStyle.allCases)
    func helloAndFirstRPCInOneReadAreFramedCorrectly(_ style: FeedStyle) throws {
        var client = Client(style: style)
        _ = try client.messages(in: client.machine.start())
        let stream = FrameEncoder().encode(Client.hello(Client.bothBaseVersions))
            + FrameEncoder(mode: .chunked).encode(Client.rpc("9"))
        let actions = client.sendRaw(stream)
        #expect(actions.dispatched.map(\.messageID) == ["9"])
    }

    @Test func noCommonBaseVersionClosesTheSession() throws {
        var client = Client()
        _ = client.machine.start()
        let actions = client.sendRaw(FrameEncoder().encode(Client.hello(["urn:ietf:params:netconf:base:2.0"])))
        #expect(actions == [.close(.noCommonBaseVersion)])
        #expect(client.machine.phase == .closed)
        #expect(client.send(Client.rpc("1")).isEmpty)
    }

    @Test func base11OnlyServerRefusesABase10OnlyClient() throws {
        var client = Client(serverCapabilities: [NetconfCapability.base11])
        _ = client.machine.start()
        let actions = client.sendRaw(FrameEncoder().encode(Client.hello([NetconfCapability.base10])))
        #expect(actions == [.close(.noCommonBaseVersion)])
    }

    @Test(arguments: [
        Client.hello(Client.bothBaseVersions, extra: "<session-id>4</session-id>"),
        Client.rpc("1"),
        "<hello xmlns=\"urn:wrong\"><capabilities><capability>\(NetconfCapability.base10)</capability></capabilities></hello>",
        "<hello xmlns=\"\(NetconfNamespace.base)\"/>",
        "<hello xmlns=\"\(NetconfNamespace.base)\"><capabilities><capability> </capability></capabilities></hello>",
        "<hello xmlns=\"\(NetconfNamespace.base)\"><capabilities>",
        "<!DOCTYPE hello [<!ENTITY a \"b\">]><hello/>",
    ])
    func badHelloClosesTheSession(_ message: String) throws {
        var client = Client()
        _ = client.machine.start()
        let actions = client.sendRaw(FrameEncoder().encode(message))
        guard case .badHello = try #require(actions.closeReason), actions.count == 1 else {
            Issue.record("expected a single close(.badHello), got \(actions)")
            return
        }
        #expect(client.machine.phase == .closed)
        #expect(client.machine.terminationReason == actions.closeReason)
    }

    @Test func receiveBeforeStartSendsTheServerHelloFirst() throws {
        var machine = NetconfSessionStateMachine(sessionID: SessionID(rawValue: 1), capabilities: Client.bothBaseVersions)
        let actions = machine.receive(FrameEncoder().encode(Client.hello([NetconfCapability.base10])))
        #expect(actions.count == 1)
        guard case .write(let bytes) = actions.first else { return }
        #expect(try XMLDocumentParser.parse(bytes.dropLast(6)).name == "hello")
        #expect(machine.isEstablished)
    }

    @Test func helloIgnoresUnknownElementsAndWhitespaceAroundCapabilities() throws {
        var client = Client()
        _ = client.machine.start()
        let hello = """
            <?xml version="1.0" encoding="UTF-8"?>
            <hello xmlns="\(Self.base)">
              <capabilities>
                <capability>
                  urn:ietf:params:netconf:base:1.1
                </capability>
              </capabilities>
              <extension xmlns="urn:example"/>
            </hello>
            """
        #expect(client.sendRaw(FrameEncoder().encode(hello)).isEmpty)
        #expect(client.machine.negotiatedBase == .base11)
    }
}

extension TerminationReason {
    var isFramingError: Bool {
        if case .framingError = self { true } else { false }
    }
}
