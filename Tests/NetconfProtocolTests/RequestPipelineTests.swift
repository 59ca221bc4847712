import NetconfModel
import NetconfProtocol
import Testing
import XMLSupport

/// One request executes at a time; the rest wait, and replies leave in request order.
@Suite struct RequestPipelineTests {
    typealias Client = NetconfTestClient
    static let base = NetconfNamespace.base

    @Test(arguments: FeedStyle.allCases)
    func pipelinedRequestsAreDispatchedInOrderOneAtATime(_ style: FeedStyle) throws {
        var client = Client(style: style)
        try client.establish()
        let first = client.send([Client.rpc("1"), Client.rpc("2"), Client.rpc("3")])
        #expect(first.dispatched.map(\.messageID) == ["1"])
        #expect(client.machine.outstandingRequest?.messageID == "1")

        let second = client.machine.replyReady(.data("<a xmlns=\"urn:a\">1</a>"))
        #expect(second.dispatched.map(\.messageID) == ["2"])
        let third = client.machine.replyReady(.ok)
        #expect(third.dispatched.map(\.messageID) == ["3"])
        let last = client.machine.replyReady(.ok)
        #expect(last.dispatched.isEmpty)
        #expect(client.machine.outstandingRequest == nil)

        let replies = try client.messages(in: second + third + last)
        #expect(replies.map { $0.attribute(named: "message-id") } == ["1", "2", "3"])
        #expect(replies[0] == (try xml("<rpc-reply xmlns=\"\(Self.base)\" message-id=\"1\"><data><a xmlns=\"urn:a\">1</a></data></rpc-reply>")))
    }

    @Test func errorRepliesWaitForTheRequestsBeforeThem() throws {
        var client = Client()
        try client.establish()
        let first = client.send([Client.rpc("1"), "<rpc xmlns=\"\(Self.base)\"><get/></rpc>", Client.rpc("3")])
        #expect(first.count == 1 && first.dispatched.count == 1, "the refusal of message 2 must not overtake reply 1")
        let next = client.machine.replyReady(.ok)
        let replies = try client.messages(in: next)
        #expect(replies.count == 2)
        #expect(replies[0].attribute(named: "message-id") == "1")
        #expect(replies[1].attribute(named: "message-id") == nil)
        #expect(replies[1].firstChild(named: "rpc-error", namespace: Self.base) != nil)
        #expect(next.dispatched.map(\.messageID) == ["3"])
    }

    @Test func laterInputKeepsArrivingWhileARequestExecutes() throws {
        var client = Client()
        try client.establish()
        #expect(client.send(Client.rpc("1")).dispatched.count == 1)
        #expect(client.send(Client.rpc("2")).isEmpty)
        #expect(client.send(Client.rpc("3")).isEmpty)
        #expect(client.machine.replyReady(.ok).dispatched.map(\.messageID) == ["2"])
        #expect(client.machine.replyReady(.ok).dispatched.map(\.messageID) == ["3"])
    }

    @Test func fullQueueHoldsTheRestInTheDecoderAndResumesInOrder() throws {
        var client = Client()
        try client.establish()
        let count = 100
        let actions = client.send((1...count).map { Client.rpc(String($0)) })
        #expect(actions.dispatched.map(\.messageID) == ["1"])
        #expect(client.machine.isAcceptingInput == false)
        var order = ["1"]
        while client.machine.outstandingRequest != nil {
            order += client.machine.replyReady(.ok).dispatched.map(\.messageID)
        }
        #expect(order == (1...count).map(String.init))
        #expect(client.machine.isAcceptingInput)
    }

    @Test func unboundedInputBehindAFullQueueEndsTheSession() throws {
        var client = Client(maxMessageSize: 2048)
        try client.establish()
        var actions = client.send(Client.rpc("0"))
        #expect(actions.dispatched.count == 1)
        var sent = 0
        while actions.closeReason == nil && sent < 10_000 {
            sent += 1
            actions = client.send(Client.rpc(String(sent), "<get><filter>" + String(repeating: "x", count: 200) + "</filter></get>"))
        }
        #expect(actions.closeReason == .inputBacklogExceeded)
    }

    @Test func replyReadyWithoutAnOutstandingRequestIsIgnored() throws {
        var client = Client()
        try client.establish()
        #expect(client.machine.replyReady(.ok).isEmpty)
    }

    @Test func closeSessionWaitsForEarlierRequestsAndDropsLaterInput() throws {
        var client = Client()
        try client.establish()
        let first = client.send([Client.rpc("1"), Client.rpc("2", "<close-session/>"), Client.rpc("3")])
        #expect(first.dispatched.map(\.messageID) == ["1"])
        #expect(client.machine.phase == .closing)
        #expect(client.send(Client.rpc("4")).isEmpty)
        let next = client.machine.replyReady(.ok)
        #expect(next.dispatched.map(\.messageID) == ["2"], "then close-session is dispatched")
        let rest = client.machine.replyReady(.ok)
        #expect(rest.last == .close(.closeSession))
        let replies = try client.messages(in: next + rest)
        #expect(replies.map { $0.attribute(named: "message-id") } == ["1", "2"])
        #expect(client.machine.phase == .closed)
    }
}

extension RequestPipelineTests {
    /// A client that keeps the queue non-empty for a long time is still served in order.
    @Test func steadyPipeliningNeverLosesOrder() throws {
        var client = Client()
        try client.establish()
        var dispatched = client.send((1...10).map { Client.rpc(String($0)) }).dispatched.map(\.messageID)
        var next = 11
        for _ in 0..<500 {
            _ = client.send([Client.rpc(String(next))])
            next += 1
            dispatched += client.machine.replyReady(.ok).dispatched.map(\.messageID)
        }
        while client.machine.outstandingRequest != nil {
            dispatched += client.machine.replyReady(.ok).dispatched.map(\.messageID)
        }
        #expect(dispatched == (1..<next).map(String.init))
    }
}
