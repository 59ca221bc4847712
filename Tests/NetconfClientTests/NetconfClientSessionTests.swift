import Testing
import NetconfProtocol
import XMLSupport
@testable import NetconfClient

/// A server played from a script: what it sends is queued up front (dripped one byte per
/// read when asked), what the client writes is recorded.
final class ScriptedStream: NetconfByteStream {
    var pending: [UInt8]
    var written: [UInt8] = []
    let dripFeed: Bool

    init(_ messages: [String], chunkedAfterFirst: Bool, dripFeed: Bool = false) {
        var bytes: [UInt8] = []
        var encoder = FrameEncoder()
        for (index, message) in messages.enumerated() {
            bytes += encoder.encode(message)
            if index == 0, chunkedAfterFirst { encoder.switchToChunked() }
        }
        pending = bytes
        self.dripFeed = dripFeed
    }

    func write(_ bytes: [UInt8]) throws { written += bytes }

    func read() throws -> [UInt8] {
        let count = dripFeed ? min(1, pending.count) : pending.count
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }

    var writtenText: String { String(decoding: written, as: UTF8.self) }
}

@Suite struct NetconfClientSessionTests {
    static let base = "urn:ietf:params:xml:ns:netconf:base:1.0"

    static func hello(_ capabilities: [String]) -> String {
        "<hello xmlns=\"\(base)\"><capabilities>" + capabilities.map { "<capability>\($0)</capability>" }.joined()
            + "</capabilities><session-id>7</session-id></hello>"
    }

    static let hello11 = hello(["urn:ietf:params:netconf:base:1.0", "urn:ietf:params:netconf:base:1.1"])

    @Test(arguments: [false, true]) func chunkedAfterBase11Hellos(dripFeed: Bool) throws {
        let stream = ScriptedStream([Self.hello11, "<rpc-reply xmlns=\"\(Self.base)\" message-id=\"1\"><ok/></rpc-reply>"],
                                    chunkedAfterFirst: true, dripFeed: dripFeed)
        let session = try NetconfClientSession(stream: stream)
        #expect(session.sessionID == "7")
        try session.rpc("<commit/>")
        #expect(stream.writtenText.contains("<capability>urn:ietf:params:netconf:base:1.1</capability>"))
        #expect(stream.writtenText.hasSuffix("\n#83\n<rpc xmlns=\"\(Self.base)\" message-id=\"1\"><commit/></rpc>\n##\n"))
    }

    @Test func endOfMessageFramingWithABase10Server() throws {
        let stream = ScriptedStream([Self.hello(["urn:ietf:params:netconf:base:1.0"]),
                                     "<rpc-reply xmlns=\"\(Self.base)\" message-id=\"1\"><data><x xmlns=\"urn:x\">1</x></data></rpc-reply>"],
                                    chunkedAfterFirst: false)
        let session = try NetconfClientSession(stream: stream)
        let data = try session.data("<get/>")
        #expect(data.firstChild(named: "x", namespace: "urn:x")?.textContent == "1")
        #expect(stream.writtenText.hasSuffix("<get/></rpc>]]>]]>"))
    }

    @Test func rpcErrorsAreThrownWithEveryField() throws {
        let reply = """
            <rpc-reply xmlns="\(Self.base)" message-id="1"><rpc-error><error-type>application</error-type>
            <error-tag>data-missing</error-tag><error-severity>error</error-severity><error-app-tag>key-missing</error-app-tag>
            <error-path>/system/ntp/server[name='a']/key-id</error-path><error-message xml:lang="en">no key 7</error-message>
            <error-info><bad-element>key-id</bad-element></error-info></rpc-error>
            <rpc-error><error-type>application</error-type><error-tag>x</error-tag><error-severity>warning</error-severity></rpc-error></rpc-reply>
            """
        let session = try NetconfClientSession(stream: ScriptedStream([Self.hello11, reply], chunkedAfterFirst: true))
        #expect(throws: NetconfClientError.rpcErrors([ServerError(
            type: "application", tag: "data-missing", appTag: "key-missing", path: "/system/ntp/server[name='a']/key-id",
            message: "no key 7", info: ["bad-element": "key-id"])])) {
            try session.rpc("<commit/>")
        }
    }

    @Test func aReplyToAnotherMessageEndsTheSession() throws {
        let session = try NetconfClientSession(stream: ScriptedStream(
            [Self.hello11, "<rpc-reply xmlns=\"\(Self.base)\" message-id=\"9\"><ok/></rpc-reply>"], chunkedAfterFirst: true))
        #expect(throws: NetconfClientError.session("reply with message-id 9, expected 1")) { try session.rpc("<commit/>") }
    }

    @Test func endOfStreamAndNonHelloAreSessionErrors() {
        #expect(throws: NetconfClientError.session("the server closed the session")) {
            try NetconfClientSession(stream: ScriptedStream([], chunkedAfterFirst: false))
        }
        #expect(throws: NetconfClientError.session("the server did not start with <hello>")) {
            try NetconfClientSession(stream: ScriptedStream(["<rpc-reply xmlns=\"\(Self.base)\"/>"], chunkedAfterFirst: false))
        }
    }

    @Test func aDocumentTypeFromTheServerIsRefused() {
        let evil = "<!DOCTYPE hello [<!ENTITY a \"aaaa\">]><hello xmlns=\"\(Self.base)\">&a;</hello>"
        #expect(throws: NetconfClientError.self) { try NetconfClientSession(stream: ScriptedStream([evil], chunkedAfterFirst: false)) }
    }
}
