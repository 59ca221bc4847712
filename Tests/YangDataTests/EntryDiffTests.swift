import Testing
import YangData

/// A diff of only the list entries that changed is the diff of the whole trees.
@Suite struct EntryDiffTests {
    let context = Fixtures.context

    @Test func anEntryDiffEqualsTheWholeDiff() throws {
        let old = try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("b", address: "10.0.0.2")
                + Fixtures.server("k", address: "10.0.0.9")),
            context: context)
        let new = try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("b", address: "10.0.0.20") + Fixtures.server("c", address: "10.0.0.3")
                + Fixtures.server("k", address: "10.0.0.9")),
            context: context)
        let entries: Set<String> = ["a", "b", "c", "z"].reduce(into: []) { $0.insert("/ietf-system:system/ntp/server[name='\($1)']") }
        let narrow = try #require(try old.diff(to: new, onlyEntries: entries))
        let whole = try old.diff(to: new)
        #expect(Set(narrow.changes.map { "\($0.operation) \($0.path) \($0.value ?? "")" })
            == Set(whole.changes.map { "\($0.operation) \($0.path) \($0.value ?? "")" }))
        // Applied to the old tree (reversed to the new one), it gives the other tree.
        let rebuilt = old.duplicate()
        try rebuilt.apply(DataDiff.parse(xml: try narrow.printXML(), context: context))
        #expect(try rebuilt.diff(to: new).isEmpty)
        try rebuilt.apply(try narrow.reversed())
        #expect(try rebuilt.diff(to: old).isEmpty)
    }

    @Test func oneCreatedEntryIsOneChange() throws {
        let old = try DataTree.parse(xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1")), context: context)
        let new = try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("n", address: "10.0.0.5")), context: context)
        let narrow = try #require(try old.diff(to: new, onlyEntries: ["/ietf-system:system/ntp/server[name='n']"]))
        #expect(narrow.changes.map(\.path) == ["/ietf-system:system/ntp/server[name='n']"])
        #expect(try narrow.printXML() == old.diff(to: new).printXML())
    }
}
