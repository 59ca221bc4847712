import NetconfModel
import NetconfProtocol
import Testing
import XMLSupport

@Suite struct SessionLifecycleTests {
    typealias Client = NetconfTestClient
    static let base = NetconfNamespace.base

    /// close-session is dispatched (the shell releases the session's locks first); its reply
    /// is written, then the session closes.
    @Test(arguments: FeedStyle.allCases)
    func closeSessionIsDispatchedThenRepliesOkAndCloses(_ style: FeedStyle) throws {
        var client = Client(style: style)
        try client.establish()
        let actions = client.send("<rpc xmlns=\"\(Self.base)\" message-id=\"77\" a=\"b\"><close-session/></rpc>")
        #expect(actions.dispatched.map(\.messageID) == ["77"])
        #expect(try client.messages(in: actions).isEmpty, "no <ok/> before the shell answered")
        #expect(client.machine.phase == .closing)
        #expect(client.send(Client.rpc("1")).isEmpty, "input after close-session is not read")
        let answered = client.machine.replyReady(.ok)
        #expect(answered.count == 2)
        #expect(answered.last == .close(.closeSession))
        #expect(try client.messages(in: answered) == [try xml("<rpc-reply xmlns=\"\(Self.base)\" message-id=\"77\" a=\"b\"><ok/></rpc-reply>")])
        #expect(client.machine.phase == .closed)
        #expect(client.machine.counters.inRPCs == 1)
        #expect(client.machine.replyReady(.ok).isEmpty)
        #expect(client.machine.killed(by: SessionID(rawValue: 3)).isEmpty)
    }

    @Test func closeSessionInAnotherNamespaceIsDispatched() throws {
        var client = Client()
        try client.establish()
        let actions = client.send(Client.rpc("1", "<close-session xmlns=\"urn:vendor\"/>"))
        #expect(actions.dispatched.map(\.operationNamespace) == ["urn:vendor"])
    }

    @Test func killedClosesAtOnceEvenWithARequestOutstanding() throws {
        var client = Client()
        try client.establish()
        _ = client.send([Client.rpc("1"), Client.rpc("2")])
        #expect(client.machine.killed(by: SessionID(rawValue: 9)) == [.close(.killed(by: SessionID(rawValue: 9)))])
        #expect(client.machine.phase == .closed)
        #expect(client.machine.replyReady(.ok).isEmpty)
        #expect(client.send(Client.rpc("3")).isEmpty)
    }

    @Test func killedBeforeTheHello() {
        var machine = NetconfSessionStateMachine(sessionID: SessionID(rawValue: 1), capabilities: Client.bothBaseVersions)
        #expect(machine.killed(by: SessionID(rawValue: 2)) == [.close(.killed(by: SessionID(rawValue: 2)))])
        #expect(machine.start().isEmpty)
    }

    @Test func secondHelloClosesTheSession() throws {
        var client = Client()
        try client.establish()
        let actions = client.send(Client.hello(Client.bothBaseVersions))
        guard case .badHello = try #require(actions.closeReason) else {
            Issue.record("expected badHello, got \(actions)")
            return
        }
    }

    @Test(arguments: ["\n#0\n", "\n#x\n", "<rpc/>]]>]]>", "\n##\n"])
    func framingErrorsCloseTheSession(_ garbage: String) throws {
        var client = Client()
        try client.establish()
        let actions = client.sendRaw(garbage.bytes)
        #expect(actions.count == 1)
        #expect(actions.closeReason?.isFramingError == true)
        #expect(client.machine.phase == .closed)
        #expect(client.sendRaw("\n#6\n<rpc/>\n##\n".bytes).isEmpty)
    }

    @Test func terminateReportsTheReasonOnce() {
        var machine = NetconfSessionStateMachine(sessionID: SessionID(rawValue: 1), capabilities: Client.bothBaseVersions)
        _ = machine.start()
        #expect(machine.terminate(.idleTimeout) == [.close(.idleTimeout)])
        #expect(machine.terminate(.peerClosed).isEmpty)
        #expect(machine.terminationReason == .idleTimeout)
    }

    @Test func dripFedConversationMatchesTheWholeOne() throws {
        func converse(_ style: FeedStyle) throws -> [SessionAction] {
            var client = Client(style: style)
            var actions = client.machine.start()
            actions += client.sendRaw(FrameEncoder().encode(Client.hello(Client.bothBaseVersions))
                + FrameEncoder(mode: .chunked).encode(Client.rpc("1"))
                + FrameEncoder(mode: .chunked, maximumChunkSize: 3).encode(Client.rpc("2", "<get-config><source><running/></source></get-config>"))
                + FrameEncoder(mode: .chunked).encode("<junk/>")
                + FrameEncoder(mode: .chunked).encode(Client.rpc("4", "<close-session/>")))
            actions += client.machine.replyReady(.ok)
            actions += client.machine.replyReady(.errors([.invalidValue("bad")]))
            actions += client.machine.replyReady(.ok)  // the close-session
            return actions
        }
        let whole = try converse(.whole)
        #expect(try converse(.dripFed) == whole)
        #expect(whole.last == .close(.closeSession))
        #expect(whole.dispatched.map(\.messageID) == ["1", "2", "4"])
    }

    /// Random bytes, and valid messages with random corruption, never trap the machine.
    @Test func survivesArbitraryInput() throws {
        var random = SplitMix64(seed: 0x6E65_7463_6F6E_6621)
        let samples = [
            Client.hello(Client.bothBaseVersions), Client.rpc("1"), "\n#6\n<rpc/>\n##\n", "]]>]]>",
            "<rpc xmlns=\"\(Self.base)\" message-id=\"1\"><close-session/></rpc>", "<!DOCTYPE a []>",
        ].map(\.bytes)
        for _ in 0..<300 {
            var client = Client(maxMessageSize: 4096)
            _ = client.machine.start()
            for _ in 0..<8 {
                var bytes = samples[Int(random.next() % UInt64(samples.count))]
                for _ in 0..<Int(random.next() % 4) where !bytes.isEmpty {
                    bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                }
                if random.next() % 3 == 0 {
                    bytes += (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                }
                _ = client.sendRaw(bytes)
                if client.machine.outstandingRequest != nil { _ = client.machine.replyReady(.ok) }
            }
        }
    }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
