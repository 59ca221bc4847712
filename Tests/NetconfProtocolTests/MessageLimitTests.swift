import NetconfModel
import NetconfProtocol
import Testing
import XMLSupport

/// Messages past the per-element parser limits or in another encoding are answered with an
/// `<rpc-error>` and the session goes on.
@Suite struct MessageLimitTests {
    typealias Client = NetconfTestClient
    static let base = NetconfNamespace.base

    private func established(_ capabilities: [String] = Client.bothBaseVersions) throws -> Client {
        var client = Client()
        try client.establish(clientCapabilities: capabilities)
        return client
    }

    private func error(_ reply: XMLElement, _ name: String) -> String? {
        reply.firstChild(named: "rpc-error", namespace: Self.base)?.firstChild(named: name, namespace: Self.base)?.textContent
    }

    @Test func tooManyAttributesIsTooBigAndTheSessionGoesOn() throws {
        var client = try established()
        let attributes = (0..<1000).map { " a\($0)=\"x\"" }.joined()
        let refused = try client.messages(in: client.send("<rpc xmlns=\"\(Self.base)\" message-id=\"1\"><get\(attributes)/></rpc>"))
        #expect(refused.count == 1)
        #expect(error(refused[0], "error-tag") == "too-big")
        #expect(error(refused[0], "error-type") == "rpc")
        #expect(error(refused[0], "error-message") == "the message exceeds a parser limit: the element <get> has more than 64 attributes (line 1)")
        #expect(client.machine.isEstablished)
        #expect(client.send(Client.rpc("2")).dispatched.map(\.messageID) == ["2"])
    }

    @Test func tooManyNamespaceDeclarationsIsTooBig() throws {
        var client = try established()
        let declarations = (0..<65).map { " xmlns:p\($0)=\"urn:p\($0)\"" }.joined()
        let refused = try client.messages(in: client.send("<rpc xmlns=\"\(Self.base)\"\(declarations) message-id=\"1\"><get/></rpc>"))
        #expect(error(refused[0], "error-tag") == "too-big")
        #expect(error(refused[0], "error-message")?.hasSuffix("the element <rpc> has more than 64 namespace declarations (line 1)") == true)
        #expect(client.machine.isEstablished)
    }

    @Test func anotherEncodingIsMalformedMessageOnBase11() throws {
        var client = try established()
        let message = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rpc xmlns=\"\(Self.base)\" message-id=\"1\"><get/></rpc>"
        let refused = try client.messages(in: client.send(message))
        #expect(error(refused[0], "error-tag") == "malformed-message")
        #expect(error(refused[0], "error-message")?.contains("declares encoding \"ISO-8859-1\"; NETCONF messages are UTF-8 only") == true)
        #expect(client.send(Client.rpc("2")).dispatched.map(\.messageID) == ["2"])
    }

    @Test func anotherEncodingIsOperationFailedOnBase10() throws {
        var client = try established([NetconfCapability.base10])
        let message = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rpc xmlns=\"\(Self.base)\" message-id=\"1\"><get/></rpc>"
        let refused = try client.messages(in: client.send(message))
        #expect(error(refused[0], "error-tag") == "operation-failed")
        #expect(error(refused[0], "error-type") == "rpc")
    }

    @Test func aReplyLargerThanTheLimitIsTooBigAndTheSessionGoesOn() throws {
        var client = Client(maxReplySize: 4096)
        try client.establish()
        #expect(client.send(Client.rpc("1")).dispatched.count == 1)
        let big = "<a xmlns=\"urn:a\">" + String(repeating: "x", count: 5000) + "</a>"
        let replies = try client.messages(in: client.machine.replyReady(.data(big)))
        #expect(error(replies[0], "error-tag") == "too-big")
        #expect(error(replies[0], "error-type") == "application")
        #expect(replies[0].attribute(named: "message-id") == "1")
        #expect(error(replies[0], "error-message")?.contains("more than this server's limit of 4096 bytes") == true)
        #expect(client.send(Client.rpc("2")).dispatched.count == 1)
        let small = try client.messages(in: client.machine.replyReady(.data("<a xmlns=\"urn:a\">x</a>")))
        #expect(small[0].firstChild(named: "data", namespace: Self.base) != nil)
    }
}
