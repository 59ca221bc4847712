import Notifications
import Testing

@Suite struct NetconfEventsTests {
    let namespaces = ["ietf-system": "urn:ietf:params:xml:ns:yang:ietf-system", "meridian-ntp": "urn:meridian:ntp"]

    @Test func instanceIdentifiersQualifyEveryStepAndKey() throws {
        let rendered = try #require(InstanceIdentifier.render(
            "/ietf-system:system/ntp/server[name='a/b]c']/meridian-ntp:minpoll", namespaceOf: { namespaces[$0] }))
        #expect(rendered.text == "/ietf-system:system/ietf-system:ntp/ietf-system:server[ietf-system:name='a/b]c']/meridian-ntp:minpoll")
        #expect(rendered.namespaces.map(\.prefix) == ["ietf-system", "meridian-ntp"])
        let leafList = try #require(InstanceIdentifier.render("/ietf-system:system/x[.=\"v\"]", namespaceOf: { namespaces[$0] }))
        #expect(leafList.text == "/ietf-system:system/ietf-system:x[.=\"v\"]")
        #expect(InstanceIdentifier.render("/unknown:x", namespaceOf: { namespaces[$0] }) == nil)
        #expect(InstanceIdentifier.render("no-slash", namespaceOf: { namespaces[$0] }) == nil)
    }

    @Test func configChangeNamesTheUserAndEachEdit() throws {
        let target = try #require(InstanceIdentifier.render("/ietf-system:system/contact", namespaceOf: { namespaces[$0] }))
        let change = NetconfEvents.configChange(
            at: EventTime(unixSeconds: 1), by: .user(name: "a<b", sessionID: 7, sourceHost: "::1"),
            edits: [.init(target: target, operation: "replace")])
        #expect(change.module == "ietf-netconf-notifications" && change.name == "netconf-config-change")
        #expect(change.contentXML == "<netconf-config-change xmlns=\"urn:ietf:params:xml:ns:yang:ietf-netconf-notifications\">"
            + "<changed-by><username>a&lt;b</username><session-id>7</session-id><source-host>::1</source-host></changed-by>"
            + "<datastore>running</datastore><edit><target xmlns:ietf-system=\"urn:ietf:params:xml:ns:yang:ietf-system\">"
            + "/ietf-system:system/ietf-system:contact</target><operation>replace</operation></edit></netconf-config-change>")
    }

    @Test func sessionEndCarriesKilledByOnlyWhenKilled() {
        let killed = NetconfEvents.sessionEnd(at: EventTime(unixSeconds: 1), by: .server, reason: .killed, killedBy: 3)
        #expect(killed.contentXML.contains("<killed-by>3</killed-by><termination-reason>killed</termination-reason>"))
        let closed = NetconfEvents.sessionEnd(at: EventTime(unixSeconds: 1), by: .server, reason: .closed, killedBy: 3)
        #expect(!closed.contentXML.contains("killed-by"))
    }

    @Test func notificationMessagesCarryTheEventTime() {
        let message = NotificationMessage.render(NetconfEvents.confirmedCommit(at: EventTime(unixSeconds: 1.5), .start(timeoutSeconds: 600)))
        #expect(message == "<notification xmlns=\"urn:ietf:params:xml:ns:netconf:notification:1.0\">"
            + "<eventTime>1970-01-01T00:00:01.500000Z</eventTime><netconf-confirmed-commit "
            + "xmlns=\"urn:ietf:params:xml:ns:yang:ietf-netconf-notifications\"><confirm-event>start</confirm-event>"
            + "<timeout>600</timeout></netconf-confirmed-commit></notification>")
        #expect(NotificationMessage.render(.replayComplete, at: EventTime(unixSeconds: 0)).contains(
            "<replayComplete xmlns=\"urn:ietf:params:xml:ns:netmod:notification\"/>"))
    }
}
