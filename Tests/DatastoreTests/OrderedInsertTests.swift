import Datastore
import NetconfModel
import Testing
import YangData

/// `yang:insert` on ordered-by-user nodes of ietf-system's DNS resolver (RFC 7950 §7.8.6).
@Suite struct OrderedInsertTests {
    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let ns = "xmlns:nc='urn:ietf:params:xml:ns:netconf:base:1.0' xmlns:yang='urn:ietf:params:xml:ns:yang:1'"

    static func resolver(_ body: String) -> String {
        "<system xmlns='\(sys)' \(ns)><dns-resolver>\(body)</dns-resolver></system>"
    }

    static func search(_ names: [String]) -> String { names.map { "<search>\($0)</search>" }.joined() }

    func run(start: String, edit: String) throws -> (DataTree, [RPCError]) {
        let context = EditApplierTests.context
        let target = try DataTree.parse(xml: start, context: context)
        let parsed = try DataTree.parse(xml: edit, context: context, as: .edit)
        let applier = EditApplier.apply(parsed, to: target, options: EditOptions(), context: context)
        return (target, applier.errors)
    }

    func searchOrder(_ tree: DataTree) -> [String] {
        tree.roots.first?["dns-resolver"]?.children.filter { $0.name == "search" }.compactMap(\.value) ?? []
    }

    @Test func insertFirstAndAfterAValue() throws {
        let start = Self.resolver(Self.search(["a.example", "b.example"]))
        let (first, errors1) = try run(start: start, edit: Self.resolver("<search yang:insert='first'>z.example</search>"))
        #expect(errors1.isEmpty)
        #expect(searchOrder(first) == ["z.example", "a.example", "b.example"])
        let (after, errors2) = try run(start: start, edit: Self.resolver("<search yang:insert='after' yang:value='a.example'>m.example</search>"))
        #expect(errors2.isEmpty)
        #expect(searchOrder(after) == ["a.example", "m.example", "b.example"])
    }

    @Test func mergeWithInsertMovesAnExistingEntry() throws {
        let start = Self.resolver(Self.search(["a.example", "b.example", "c.example"]))
        let (tree, errors) = try run(start: start, edit: Self.resolver("<search yang:insert='before' yang:value='a.example'>c.example</search>"))
        #expect(errors.isEmpty)
        #expect(searchOrder(tree) == ["c.example", "a.example", "b.example"])
    }

    @Test func insertBeforeAMissingEntryIsBadAttribute() throws {
        let start = Self.resolver(Self.search(["a.example"]))
        let (_, errors) = try run(start: start, edit: Self.resolver("<search yang:insert='before' yang:value='nope.example'>z.example</search>"))
        #expect(errors.map(\.tag) == [.badAttribute])
        #expect(errors.first?.appTag == "missing-instance")
    }

    @Test func pathWithoutLastPredicate() {
        #expect(EditApplier.pathWithoutLastPredicate("/ietf-system:system/dns-resolver/server[name='a/b']") == "/ietf-system:system/dns-resolver/server")
        #expect(EditApplier.pathWithoutLastPredicate("/m:x/y") == "/m:x/y")
    }
}
