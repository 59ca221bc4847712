import Logging
import NetconfModel
@testable import NetconfServer
import Notifications
import SSHTransport
import Testing
import XMLSupport
import YangData

/// create-subscription served by a NetconfServer over the in-memory transport: the order of
/// what a subscriber reads, and one subscription per session.
@Suite struct NotificationServingTests {
    static let notification = NotificationMessage.namespace

    func harness(logged: [NotificationEvent]) throws -> (NetconfServerTests.Harness, NotificationHub) {
        let harness = NetconfServerTests.Harness()
        let hub = NotificationHub(
            log: EventLog(limits: EventLogLimits(), creationTime: EventTime(unixSeconds: 0), events: logged),
            store: nil, now: { EventTime(unixSeconds: 1_000) })
        let context = try YangContext(searchDirectories: [], modules: [])
        harness.server.serveNotifications(hub, context: context, queueCapacity: 8)
        return (harness, hub)
    }

    func names(_ messages: [XMLElement]) -> [String] {
        messages.map { message in
            message.name == "notification" ? (message.childElements.last?.name ?? "?") : message.name
        }
    }

    @Test func theReplyComesFirstThenTheReplayThenReplayCompleteThenLiveEvents() async throws {
        let (h, hub) = try harness(logged: [event(10, "first"), event(20, "second")])
        let id = h.open(1)
        h.send(id, "<rpc xmlns=\"\(NetconfServerTests.base)\" message-id=\"1\"><create-subscription xmlns=\"\(Self.notification)\">"
            + "<startTime>1970-01-01T00:00:15Z</startTime></create-subscription></rpc>]]>]]>")
        await h.transport.drain { h.transport.messages(id).count >= 5 }
        hub.publish(event(1_000, "live"))
        await h.transport.drain { h.transport.messages(id).count >= 6 }
        // The session's own start (at the hub's time 1000) is in the log too.
        let got = names(try h.replies(id))
        #expect(got == ["hello", "rpc-reply", "second", "netconf-session-start", "replayComplete", "live"], "\(got)")
        let eventTime = try h.replies(id)[2].firstChild(named: "eventTime", namespace: Self.notification)?.textContent
        #expect(eventTime == "1970-01-01T00:00:20.000000Z")
    }

    @Test func aSecondSubscriptionIsInUseAndTheSessionGoesOn() async throws {
        let (h, _) = try harness(logged: [])
        let id = h.open(1)
        let subscribe = "<create-subscription xmlns=\"\(Self.notification)\"/>"
        await h.rpc(id, "1", subscribe)
        await h.rpc(id, "2", subscribe)
        let replies = try h.replies(id).filter { $0.name == "rpc-reply" }
        #expect(replies.count == 2)
        #expect(NetconfServerTests.errorTag(replies[1]) == "in-use")
        // Another session's start reaches the subscriber as a live event.
        h.open(2)
        await h.transport.drain { names((try? h.replies(id)) ?? []).contains("netconf-session-start") }
        #expect(names(try h.replies(id)).last == "netconf-session-start")
    }
}

/// An event of a made-up module whose content element is `name`.
func event(_ seconds: Double, _ name: String) -> NotificationEvent {
    NotificationEvent(time: EventTime(unixSeconds: seconds), module: "m", name: name, contentXML: "<\(name) xmlns=\"urn:x\"/>")
}
