import Testing
import YangData

@Suite struct DiffMergeTests {
    let context = Fixtures.context

    @Test func diffReportsCreatedDeletedAndReplacedNodes() throws {
        let old = try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("b", address: "10.0.0.2"), hostname: "r1"),
            context: context)
        let new = try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("b", address: "10.0.0.20") + Fixtures.server("c", address: "10.0.0.3"), hostname: "r2"),
            context: context)
        let changes = try old.diff(to: new).changes
        let summary = changes.map { "\($0.operation.rawValue) \($0.path)" }
        let hostname = try #require(changes.first { $0.path == "/ietf-system:system/hostname" })
        #expect(hostname.value == "r2" && hostname.previousValue == "r1")
        let created = try #require(changes.first { $0.operation == .create })
        #expect(created.node["udp", "address"]?.value == "10.0.0.3")
        #expect(Set(summary) == [
            "replace /ietf-system:system/hostname",
            "delete /ietf-system:system/ntp/server[name='a']",
            "replace /ietf-system:system/ntp/server[name='b']/udp/address",
            "create /ietf-system:system/ntp/server[name='c']",
        ])
    }

    @Test func identicalTreesHaveAnEmptyDiff() throws {
        let xml = Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1"))
        let diff = try DataTree.parse(xml: xml, context: context).diff(to: DataTree.parse(xml: xml, context: context))
        #expect(diff.isEmpty && diff.changes.isEmpty)
    }

    @Test func diffFromEmptyCreatesEverything() throws {
        let new = try DataTree.parse(xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1"), hostname: "r1"), context: context)
        let diff = try DataTree(context: context).diff(to: new)
        #expect(diff.changes.map(\.operation) == [.create])
        #expect(try diff.printXML().contains("operation=\"create\""))
    }

    @Test func mergeAddsAndOverwrites() throws {
        let target = try DataTree.parse(xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1"), hostname: "r1"), context: context)
        let source = try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.9") + Fixtures.server("b", address: "10.0.0.2"), hostname: "r2"),
            context: context)
        try target.merge(from: source)
        #expect(target.value(at: "/ietf-system:system/hostname") == "r2")
        #expect(target.value(at: "/ietf-system:system/ntp/server[name='a']/udp/address") == "10.0.0.9")
        #expect(target.exists("/ietf-system:system/ntp/server[name='b']"))
        #expect(source.value(at: "/ietf-system:system/hostname") == "r2")
    }

    @Test func mergeIntoAnEmptyTree() throws {
        let target = DataTree(context: context)
        try target.merge(from: DataTree.parse(xml: Fixtures.ntp("", hostname: "r1"), context: context))
        #expect(target.value(at: "/ietf-system:system/hostname") == "r1")
    }

    @Test func aDuplicateIsIndependent() throws {
        let original = try DataTree.parse(xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1"), hostname: "r1"), context: context)
        let copy = original.duplicate()
        try copy.set(path: "/ietf-system:system/hostname", value: "r2")
        try copy.delete(path: "/ietf-system:system/ntp/server[name='a']")
        #expect(original.value(at: "/ietf-system:system/hostname") == "r1")
        #expect(original.exists("/ietf-system:system/ntp/server[name='a']"))
        #expect(copy.value(at: "/ietf-system:system/hostname") == "r2")
        #expect(try original.diff(to: copy).changes.count == 2)
    }
}
