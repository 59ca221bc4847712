import Logging
import Synchronization
import NetconfModel
@testable import NetconfServer
import SSHTransport
import Testing
import XMLSupport

@Suite struct NetconfServerTests {
    static let base = "urn:ietf:params:xml:ns:netconf:base:1.0"
    static let hello10 = """
        <hello xmlns="\(base)"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>]]>]]>
        """

    struct Harness {
        let server: NetconfServer
        let transport = InMemoryTransport()

        init(maxSessions: Int = 8, maxInlineInput: Int = NetconfServerConfiguration().maxInlineInput) {
            var configuration = NetconfServerConfiguration()
            configuration.maxSessions = maxSessions
            configuration.maxInlineInput = maxInlineInput
            server = NetconfServer(configuration: configuration, logger: Logger(label: "test"))
            server.attach(transport)
        }

        @discardableResult
        func open(_ n: UInt64) -> ConnectionID {
            let id = ConnectionID(rawValue: n)
            _ = server.channelOpened(id, user: "u\(n)", peer: "test")
            send(id, NetconfServerTests.hello10)
            return id
        }

        func send(_ id: ConnectionID, _ text: String) {
            Array(text.utf8).withUnsafeBytes { server.channelReceived(id, $0) }
        }

        /// Sends one request and waits (about a second at most) for its reply: sessions run in
        /// their workers, off the thread that delivers bytes.
        func rpc(_ id: ConnectionID, _ messageID: String, _ body: String) async {
            let before = transport.messages(id).count
            send(id, "<rpc xmlns=\"\(NetconfServerTests.base)\" message-id=\"\(messageID)\">\(body)</rpc>]]>]]>")
            await transport.drain { transport.messages(id).count > before }
        }

        /// The parsed messages written to `id` (server hello first).
        func replies(_ id: ConnectionID) throws -> [XMLElement] {
            try transport.messages(id).map { try XMLDocumentParser.parse(Array($0.utf8)) }
        }

        func sessionID(of id: ConnectionID) throws -> UInt32 {
            let hello = try #require(try replies(id).first)
            let element = try #require(hello.firstChild(named: "session-id", namespace: NetconfServerTests.base))
            return try #require(UInt32(element.textContent))
        }
    }

    static func errorTag(_ reply: XMLElement) -> String? {
        reply.firstChild(named: "rpc-error", namespace: base)?.firstChild(named: "error-tag", namespace: base)?.textContent
    }

    @Test func helloCarriesDistinctNonZeroSessionIDs() throws {
        let h = Harness()
        let a = h.open(1), b = h.open(2)
        let ida = try h.sessionID(of: a), idb = try h.sessionID(of: b)
        #expect(ida != 0 && idb != 0 && ida != idb)
        #expect(h.server.sessionCount == 2)
    }

    @Test func unknownOperationIsNotSupportedAndEchoesMessageID() async throws {
        let h = Harness()
        let a = h.open(1)
        await h.rpc(a, "m-7", "<frobnicate xmlns=\"urn:example\"/>")
        let reply = try #require(try h.replies(a).last)
        #expect(reply.name == "rpc-reply")
        #expect(reply.attributes.first(where: { $0.name == "message-id" })?.value == "m-7")
        #expect(Self.errorTag(reply) == "operation-not-supported")
    }

    @Test func aBaseOperationWithoutItsNamespaceIsRefusedNamingTheNamespace() async throws {
        let h = Harness()
        let a = h.open(1)
        // What ncclient sends for Ansible's `netconf_rpc: rpc: close-session` without xmlns.
        await h.rpc(a, "m-8", "<close-session xmlns=\"\"/>")
        let reply = try #require(try h.replies(a).last)
        let error = try #require(reply.firstChild(named: "rpc-error", namespace: Self.base))
        #expect(Self.errorTag(reply) == "unknown-namespace")
        let message = error.firstChild(named: "error-message", namespace: Self.base)?.textContent ?? ""
        #expect(message.contains("<close-session> has no namespace"))
        #expect(message.contains("urn:ietf:params:xml:ns:netconf:base:1.0"))
        #expect(h.transport.closed[a] == nil, "the session goes on")
        await h.rpc(a, "m-9", "<close-session xmlns=\"urn:example:wrong\"/>")
        let wrong = try #require(try h.replies(a).last)
        #expect(Self.errorTag(wrong) == "unknown-namespace")
    }

    @Test func theUnknownOperationMessageSaysWhatToWrite() {
        let known = [OperationKey(namespace: NetconfNamespace.base, name: "commit"), OperationKey(namespace: "urn:x", name: "plan")]
        let unqualified = UnknownOperation.error(namespace: nil, name: "commit", known: known)
        #expect(unqualified.tag == .unknownNamespace)
        #expect(unqualified.message == "the operation <commit> has no namespace; it is defined in namespace "
            + "\"urn:ietf:params:xml:ns:netconf:base:1.0\": write <commit xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"> "
            + "(Ansible netconf_rpc: set xmlns to urn:ietf:params:xml:ns:netconf:base:1.0)")
        #expect(UnknownOperation.error(namespace: "urn:y", name: "plan", known: known).message?.contains("namespace \"urn:x\"") == true)
        let unknown = UnknownOperation.error(namespace: "urn:y", name: "frobnicate", known: known)
        #expect(unknown.tag == .operationNotSupported)
        #expect(unknown.message == "the operation <frobnicate> in namespace \"urn:y\" is not supported")
    }

    @Test func killSessionEndsTheOtherSession() async throws {
        let h = Harness()
        let a = h.open(1), b = h.open(2)
        let victim = try h.sessionID(of: b)
        await h.rpc(a, "1", "<kill-session><session-id>\(victim)</session-id></kill-session>")
        let reply = try #require(try h.replies(a).last)
        #expect(reply.firstChild(named: "ok", namespace: Self.base) != nil)
        #expect(h.transport.closed[b] != nil)
        #expect(h.transport.closed[a] == nil)
    }

    @Test func killingYourselfIsInvalidValue() async throws {
        let h = Harness()
        let a = h.open(1)
        let own = try h.sessionID(of: a)
        await h.rpc(a, "1", "<kill-session><session-id>\(own)</session-id></kill-session>")
        #expect(Self.errorTag(try #require(try h.replies(a).last)) == "invalid-value")
        #expect(h.transport.closed[a] == nil)
    }

    @Test(arguments: ["<session-id>999</session-id>", "<session-id>0</session-id>", "<session-id>abc</session-id>"])
    func killingAnUnknownSessionIsInvalidValue(parameter: String) async throws {
        let h = Harness()
        let a = h.open(1)
        await h.rpc(a, "1", "<kill-session>\(parameter)</kill-session>")
        #expect(Self.errorTag(try #require(try h.replies(a).last)) == "invalid-value")
    }

    @Test func killSessionWithoutSessionIDIsMissingElement() async throws {
        let h = Harness()
        let a = h.open(1)
        await h.rpc(a, "1", "<kill-session/>")
        #expect(Self.errorTag(try #require(try h.replies(a).last)) == "missing-element")
    }

    @Test func sessionsBeyondTheLimitAreRefused() {
        let h = Harness(maxSessions: 2)
        #expect(h.server.channelOpened(ConnectionID(rawValue: 1), user: "a", peer: "t"))
        #expect(h.server.channelOpened(ConnectionID(rawValue: 2), user: "b", peer: "t"))
        #expect(!h.server.channelOpened(ConnectionID(rawValue: 3), user: "c", peer: "t"))
        h.server.channelClosed(ConnectionID(rawValue: 1), reason: "test")
        #expect(h.server.channelOpened(ConnectionID(rawValue: 4), user: "d", peer: "t"))
    }

    @Test func endOfInputClosesAfterTheLastReply() async throws {
        let h = Harness()
        let slow = OperationKey(namespace: "urn:example", name: "slow")
        h.server.register(slow, .task({ _, _ in
            try? await Task.sleep(for: .milliseconds(20))
            return .ok
        }))
        let a = h.open(1)
        await h.rpc(a, "1", "<slow xmlns=\"urn:example\"/>")
        h.server.channelInputEnded(a)
        #expect(h.transport.closed[a] == nil, "must not close while a reply is outstanding")
        await h.transport.drain { h.transport.closed[a] != nil }
        let reply = try #require(try h.replies(a).last)
        #expect(reply.firstChild(named: "ok", namespace: Self.base) != nil)
        #expect(h.transport.closed[a] != nil)
    }

    @Test func pipelinedTaskRequestsAreAnsweredInOrder() async throws {
        let h = Harness()
        let echo = OperationKey(namespace: "urn:example", name: "wait")
        h.server.register(echo, .task({ request, _ in
            let ms = Int(request.operation.textContent) ?? 0
            try? await Task.sleep(for: .milliseconds(ms))
            return .errors([.operationFailed("done \(ms)")])
        }))
        let a = h.open(1)
        h.send(a, ["30", "1", "15"].enumerated().map { i, ms in
            "<rpc xmlns=\"\(Self.base)\" message-id=\"\(i)\"><wait xmlns=\"urn:example\">\(ms)</wait></rpc>]]>]]>"
        }.joined())
        await h.transport.drain { (try? h.replies(a).count) == 4 }
        let ids = try h.replies(a).dropFirst().map { $0.attributes.first(where: { $0.name == "message-id" })?.value }
        #expect(ids == ["0", "1", "2"])
    }

    @Test func answersComeAtOnceAndInOrderWithTasksAroundThem() async throws {
        let h = Harness()
        let key = OperationKey(namespace: "urn:example", name: "read")
        let tasks = Mutex(0)
        h.server.register(key, .answerOrTask(answer: { request, _ in
            request.operation.textContent == "known" ? .errors([.operationFailed("answered")]) : nil
        }, task: { request, _ in
            tasks.withLock { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(10))
            return .errors([.operationFailed("task \(request.operation.textContent)")])
        }))
        let a = h.open(1)
        await h.rpc(a, "1", "<read xmlns=\"urn:example\">known</read>")
        #expect(try h.replies(a).count == 2)
        #expect(tasks.withLock { $0 } == 0, "answered at once, no task")
        h.send(a, ["slow", "known", "other"].enumerated().map { i, body in
            "<rpc xmlns=\"\(Self.base)\" message-id=\"\(i + 2)\"><read xmlns=\"urn:example\">\(body)</read></rpc>]]>]]>"
        }.joined())
        await h.transport.drain { (try? h.replies(a).count) == 5 }
        let replies = try h.replies(a).dropFirst()
        #expect(replies.map { $0.attributes.first(where: { $0.name == "message-id" })?.value } == ["1", "2", "3", "4"])
        let messages = replies.map {
            $0.firstChild(named: "rpc-error", namespace: Self.base)?.firstChild(named: "error-message", namespace: Self.base)?.textContent
        }
        #expect(messages == ["answered", "task slow", "answered", "task other"])
        #expect(tasks.withLock { $0 } == 2)
    }

    /// Input beyond what the session may queue stops the reading of its channel until the
    /// worker has taken it; the requests are all answered, in order.
    @Test func inputPilingUpBehindASlowRequestPausesReadingUntilTaken() async throws {
        let h = Harness()
        let gate = Mutex(false)
        let slow = OperationKey(namespace: "urn:example", name: "slow")
        h.server.register(slow, .task({ _, _ in
            while !gate.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(2)) }
            return .ok
        }))
        let a = h.open(1)
        h.send(a, "<rpc xmlns=\"\(Self.base)\" message-id=\"0\"><slow xmlns=\"urn:example\"/></rpc>]]>]]>")
        let filler = String(repeating: " ", count: 4096)
        let request = "<rpc xmlns=\"\(Self.base)\" message-id=\"n\"><ping xmlns=\"urn:example\">\(filler)</ping></rpc>]]>]]>"
        let count = (1 << 20) / request.utf8.count + 2
        try await Task.sleep(for: .milliseconds(20))  // the slow request is executing
        for _ in 0..<count { h.send(a, request) }
        #expect(h.transport.inputPauses.map(\.1) == [true], "paused once the unread input passed 1 MiB")
        gate.withLock { $0 = true }
        await h.transport.drain { (try? h.replies(a).count) == count + 2 }
        #expect(h.transport.inputPauses.map(\.1) == [true, false])
        #expect(try h.replies(a).count == count + 2)
        #expect(h.transport.closed[a] == nil)
    }

    /// The thread that delivers bytes answers a small request of an idle session itself; a
    /// large one, or any with `maxInlineInput` 0, is parsed and answered by the worker.
    @Test func onlySmallInputOfAnIdleSessionIsHandledOnTheDeliveringThread() async throws {
        let inline = Harness()
        let a = inline.open(1)
        inline.send(a, "<rpc xmlns=\"\(Self.base)\" message-id=\"1\"><x xmlns=\"urn:x\"/></rpc>]]>]]>")
        #expect(try inline.replies(a).count == 2, "answered during the delivery")
        let large = "<rpc xmlns=\"\(Self.base)\" message-id=\"2\"><x xmlns=\"urn:x\">"
            + String(repeating: "y", count: 20_000) + "</x></rpc>]]>]]>"
        inline.send(a, large)
        #expect(try inline.replies(a).count == 2, "more than 16 KiB: not parsed during the delivery")
        await inline.transport.drain { (try? inline.replies(a).count) == 3 }
        #expect(Self.errorTag(try #require(try inline.replies(a).last)) == "operation-not-supported")

        let offloaded = Harness(maxInlineInput: 0)
        let b = offloaded.open(2)
        offloaded.send(b, "<rpc xmlns=\"\(Self.base)\" message-id=\"1\"><x xmlns=\"urn:x\"/></rpc>]]>]]>")
        #expect(try offloaded.replies(b).count == 1, "only the hello: nothing parsed during the delivery")
        await offloaded.transport.drain { (try? offloaded.replies(b).count) == 2 }
        #expect(Self.errorTag(try #require(try offloaded.replies(b).last)) == "operation-not-supported")
    }
}
