import Datastore
import NetconfModel
@testable import NetconfServer
import Notifications
import Testing

/// `<create-subscription>` parameters (RFC 5277 §2.1.1).
@Suite struct SubscriptionRequestTests {
    static let notification = "urn:ietf:params:xml:ns:netconf:notification:1.0"
    let now = EventTime(unixSeconds: 1_796_684_103)

    func parse(_ parameters: String) throws -> SubscriptionRequest {
        try SubscriptionRequest.parse(
            try DatastoreOperationParsingTests.request("<create-subscription xmlns='\(Self.notification)'>\(parameters)</create-subscription>"),
            now: now)
    }

    func tag(_ parameters: String) throws -> RPCError.Tag? {
        do {
            _ = try parse(parameters)
            return nil
        } catch let error as RPCError {
            return error.tag
        }
    }

    @Test func defaultsAndReplayWindow() throws {
        let plain = try parse("")
        #expect(plain.start == nil && plain.stop == nil && plain.filter == nil)
        let replay = try parse("<stream>NETCONF</stream><startTime>2026-12-07T00:00:00Z</startTime><stopTime>2026-12-07T01:00:00+01:00</stopTime>")
        #expect(replay.start == EventTime(dateAndTime: "2026-12-07T00:00:00Z"))
        #expect(replay.stop == replay.start)
    }

    @Test func filtersInEitherNamespace() throws {
        let subtree = try parse("<filter type='subtree'><netconf-session-start xmlns='urn:x'/></filter>")
        guard case .subtree? = subtree.filter else { Issue.record("a subtree filter"); return }
        let xpath = try parse("<filter xmlns='\(DatastoreOperationParsingTests.base)' xmlns:n='urn:x' type='xpath' select='/n:a'/>")
        guard case .xpath("/n:a", let namespaces)? = xpath.filter else { Issue.record("an XPath filter"); return }
        #expect(namespaces["n"] == "urn:x")
    }

    @Test func refusesWhatRFC5277Refuses() throws {
        #expect(try tag("<stream>SNMP</stream>") == .invalidValue)
        #expect(try tag("<stopTime>2026-12-07T00:00:00Z</stopTime>") == .missingElement)
        #expect(try tag("<startTime>2099-01-01T00:00:00Z</startTime>") == .badElement)
        #expect(try tag("<startTime>2026-12-07T01:00:00Z</startTime><stopTime>2026-12-07T00:00:00Z</stopTime>") == .badElement)
        #expect(try tag("<startTime>yesterday</startTime>") == .badElement)
        #expect(try tag("<replay/>") == .unknownElement)
    }
}
