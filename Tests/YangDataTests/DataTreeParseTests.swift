import Testing
import YangData

@Suite struct DataTreeParseTests {
    let context = Fixtures.context

    @Test func parsesAnNTPConfiguration() throws {
        let xml = Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("b", address: "ntp.example.net"), hostname: "r1")
        let tree = try DataTree.parse(xml: xml, context: context)
        #expect(!tree.isEmpty)
        let system = try #require(tree.roots.first)
        #expect(system.name == "system" && system.module == "ietf-system" && system.kind == .container)
        #expect(system["hostname"]?.value == "r1")
        let servers = system.child("ntp")?.children.filter { $0.name == "server" } ?? []
        #expect(servers.map { $0["udp", "address"]?.value } == ["10.0.0.1", "ntp.example.net"])
        #expect(servers.first?.path == "/ietf-system:system/ntp/server[name='a']")
        #expect(tree.value(at: "/ietf-system:system/ntp/server[name='b']/udp/address") == "ntp.example.net")
    }

    @Test func anEmptyDocumentIsAnEmptyTree() throws {
        #expect(try DataTree.parse(xml: "", context: context).isEmpty)
    }

    @Test func parsingDoesNotRequireValidity() throws {
        // A server without its mandatory transport, and a dangling leafref: fine in a candidate.
        let xml = Fixtures.ntp(Fixtures.server("a", extra: "<key-id xmlns=\"urn:meridian:test\">7</key-id>"))
        let tree = try DataTree.parse(xml: xml, context: context)
        #expect(tree.exists("/ietf-system:system/ntp/server[name='a']/meridian-test:key-id"))
    }

    @Test func rejectsAnUnknownElementNamingIt() {
        let xml = Fixtures.ntp("<color>blue</color>")
        let errors = parseErrors(xml)
        #expect(errors.map(\.code) == [.unknownElement])
        #expect(errors.first?.element == "color")
        #expect(errors.first?.path == "/ietf-system:system/ntp/color")
    }

    @Test func rejectsAnUnknownNamespace() {
        let errors = parseErrors("<thing xmlns=\"urn:example:nothing\"><a>1</a></thing>")
        #expect(errors.map(\.code) == [.unknownNamespace])
        #expect(errors.first?.element == "thing")
        #expect(errors.first?.message.contains("urn:example:nothing") == true)
    }

    @Test func reportsEveryInvalidValue() {
        let xml = Fixtures.ntp(
            Fixtures.server("a", address: "10.0.0.1", extra: "<association-type>broadcast</association-type>")
                + "<server><name>b</name><udp><address>10.0.0.2</address><port>70000</port></udp></server>"
                + "<source-address xmlns=\"urn:meridian:test\">10.0.0.999</source-address>")
        let errors = parseErrors(xml)
        #expect(errors.map(\.code) == [.invalidValue, .invalidValue, .invalidValue])
        #expect(errors.map(\.path) == [
            "/ietf-system:system/ntp/server[name='a']/association-type",
            "/ietf-system:system/ntp/server[name='b']/udp/port",
            "/ietf-system:system/ntp/meridian-test:source-address",
        ])
        #expect(errors[1].message.contains("70000"))
        #expect(errors.allSatisfy { $0.libyangCode != 0 })
    }

    @Test func rejectsStateDataInConfiguration() {
        let errors = parseErrors("<system-state xmlns=\"\(Fixtures.system)\"><platform><os-name>x</os-name></platform></system-state>")
        #expect(errors.first?.code == .unexpectedStateData)
        // ...but accepts it as operational data.
        #expect((try? DataTree.parse(
            xml: "<system-state xmlns=\"\(Fixtures.system)\"><platform><os-name>x</os-name></platform></system-state>",
            context: context, as: .data)) != nil)
    }

    @Test func rejectsMalformedXML() {
        let errors = parseErrors("<system xmlns=\"\(Fixtures.system)\"><hostname>r1</system>")
        #expect(errors.count == 1)
        #expect(errors.first?.code == .malformedInput)
    }

    @Test func rejectsAListEntryWithoutItsKey() {
        let errors = parseErrors(Fixtures.ntp("<server><udp><address>10.0.0.1</address></udp></server>"))
        #expect(errors.map(\.code) == [.missingElement])
        #expect(errors.first?.element == "name")
    }

    private func parseErrors(_ xml: String, as content: DataTree.Content = .config) -> [YangError] {
        do {
            _ = try DataTree.parse(xml: xml, context: context, as: content)
            return []
        } catch {
            return Array(error)
        }
    }
}
