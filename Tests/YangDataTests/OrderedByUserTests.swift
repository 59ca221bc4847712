import Testing
import YangData

/// ietf-system's `dns-resolver/search` is an `ordered-by user` leaf-list and
/// `dns-resolver/server` an `ordered-by user` list.
@Suite struct OrderedByUserTests {
    let context = Fixtures.context
    let search = "/ietf-system:system/dns-resolver/search"

    @Test func anEditKeepsTheInsertAttributes() throws {
        let xml = """
            <system xmlns="\(Fixtures.system)" xmlns:yang="urn:ietf:params:xml:ns:yang:1"><dns-resolver>\
            <search yang:insert="first">a.example</search>\
            <search yang:insert="after" yang:value="a.example">b.example</search>\
            <server yang:insert="before" yang:key="[name='x']"><name>y</name><udp-and-tcp><address>192.0.2.1</address></udp-and-tcp></server>\
            </dns-resolver></system>
            """
        let resolver = try #require(DataTree.parse(xml: xml, context: context, as: .edit).roots.first?.child("dns-resolver"))
        let entries = resolver.children
        #expect(entries.map(\.insert) == ["first", "after", "before"])
        #expect(entries[1].insertValue == "a.example")
        #expect(entries[2].insertKey == "[name='x']")
    }

    @Test func movesEntriesOfAUserOrderedLeafList() throws {
        let tree = DataTree(context: context)
        for name in ["a.example", "b.example", "c.example"] {
            try tree.create(path: "\(search)[.='\(name)']")
        }
        func order() throws -> [String?] { try tree.nodes(matching: search).map(\.value) }
        #expect(try order() == ["a.example", "b.example", "c.example"])

        try tree.move(path: "\(search)[.='c.example']", to: .first)
        #expect(try order() == ["c.example", "a.example", "b.example"])
        try tree.move(path: "\(search)[.='c.example']", to: .after(path: "\(search)[.='a.example']"))
        #expect(try order() == ["a.example", "c.example", "b.example"])
        try tree.move(path: "\(search)[.='a.example']", to: .last)
        #expect(try order() == ["c.example", "b.example", "a.example"])
        try tree.move(path: "\(search)[.='a.example']", to: .before(path: "\(search)[.='b.example']"))
        #expect(try order() == ["c.example", "a.example", "b.example"])

        #expect {
            try tree.move(path: "\(search)[.='a.example']", to: .before(path: "\(search)[.='z.example']"))
        } throws: { ($0 as? YangError)?.code == .nodeNotFound }
        let printed = try tree.printXML()
        #expect(printed.contains("<search>c.example</search><search>a.example</search>"), "\(printed)")
    }

    @Test func anUnknownAttributeOfAKnownModuleIsReported() {
        let xml = "<system xmlns=\"\(Fixtures.system)\" xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><hostname nc:opration=\"delete\">h</hostname></system>"
        #expect {
            _ = try DataTree.parse(xml: xml, context: context, as: .edit)
        } throws: { error in
            (error as? YangErrors)?.first?.code == .unknownAttribute
        }
    }
}
