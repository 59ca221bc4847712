@testable import Datastore
import Testing
import YangData

/// What edits record of the candidate, and when a commit may leave untouched entries out.
@Suite struct CandidateChangesTests {
    static let lists = SeparableLists([
        SeparableLists.List(path: "/ietf-system:system/ntp/server", dependencies: ["/ietf-system:system/contact"]),
    ])
    static let context = EditApplierTests.context

    static func roots(_ body: String) throws -> [DataNode] {
        try DataTree.parse(xml: EditApplierTests.system(body), context: context, as: .edit).roots
    }

    let running: DataTree = try! DataTree.parse(
        xml: EditApplierTests.system("<ntp>\(EditApplierTests.server("a", "192.0.2.1"))\(EditApplierTests.server("b", "192.0.2.2"))</ntp>"),
        context: CandidateChangesTests.context)

    @Test func entriesOfSeparableListsAreRecordedByPathAndOtherNodesBySchemaPath() throws {
        var changes = CandidateChanges(base: running)
        try changes.record(Self.roots("<hostname>h</hostname><ntp>\(EditApplierTests.server("c", "192.0.2.3"))</ntp>"),
                           options: EditOptions(), lists: Self.lists)
        #expect(changes.entries == ["/ietf-system:system/ntp/server[name='c']"])
        #expect(changes.outside == ["/ietf-system:system/hostname"])
        // An operation on a container covers its subtree: recorded there, not below.
        try changes.record(Self.roots("<ntp nc:operation='replace'><enabled>true</enabled></ntp>"), options: EditOptions(), lists: Self.lists)
        #expect(changes.outside.contains("/ietf-system:system/ntp"))
        #expect(!changes.outside.contains("/ietf-system:system/ntp/enabled"))
    }

    @Test func aCommitLeavesOutTheEntriesNoEditTouched() throws {
        var changes = CandidateChanges(base: running)
        try changes.record(Self.roots("<hostname>h</hostname><ntp>\(EditApplierTests.server("b", "192.0.2.9"))</ntp>"),
                           options: EditOptions(), lists: Self.lists)
        let plan = try #require(changes.plan(running: running, runningRoots: running.roots, lists: Self.lists))
        #expect(plan.lists.map(\.list.path) == ["/ietf-system:system/ntp/server"])
        #expect(plan.lists.first?.keep == ["/ietf-system:system/ntp/server[name='b']"])
        #expect(Set(plan.unchanged.keys) == ["/ietf-system:system/ntp/server[name='a']"], "the touched entry is read again")
    }

    @Test func aChangeTheEntriesDependOnOrThatHoldsTheListChecksEverything() throws {
        for body in ["<contact>c</contact>", "<ntp nc:operation='delete'/>", "<ntp><server nc:operation='remove'><name>a</name></server><enabled>false</enabled></ntp>"] {
            var changes = CandidateChanges(base: running)
            try changes.record(Self.roots(body), options: EditOptions(), lists: Self.lists)
            let plan = changes.plan(running: running, runningRoots: running.roots, lists: Self.lists)
            if body.contains("enabled") {
                #expect(plan != nil, "a sibling leaf of the list is neither the list nor what it depends on")
            } else {
                #expect(plan == nil, "\(body)")
            }
        }
    }

    @Test func aRecordIsOfNoUseForAnotherRunningOrAfterAWholeReplace() throws {
        let changes = CandidateChanges(base: running)
        let other = running.duplicate()
        #expect(changes.plan(running: other, runningRoots: other.roots, lists: Self.lists) == nil)
        var replaced = CandidateChanges(base: running)
        var options = EditOptions()
        options.defaultOperation = .replace
        try replaced.record(Self.roots("<hostname>h</hostname>"), options: options, lists: Self.lists)
        #expect(replaced.unknown)
        #expect(replaced.plan(running: running, runningRoots: running.roots, lists: Self.lists) == nil)
        #expect(CandidateChanges(base: nil).unknown, "a candidate from elsewhere")
        let followed = changes.followed(by: replaced)
        #expect(followed.unknown && followed.base === running)
    }
}
