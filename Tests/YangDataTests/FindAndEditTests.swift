import Testing
import YangData

@Suite struct FindAndEditTests {
    let context = Fixtures.context

    func sample() throws -> DataTree {
        try DataTree.parse(
            xml: Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1") + Fixtures.server("b", address: "10.0.0.2"), hostname: "r1"),
            context: context)
    }

    @Test func findsNodesByXPath() throws {
        let tree = try sample()
        let names = try tree.nodes(matching: "/ietf-system:system/ntp/server/name").map(\.value)
        #expect(names == ["a", "b"])
        let b = try tree.nodes(matching: "/ietf-system:system/ntp/server[udp/address='10.0.0.2']")
        #expect(b.map(\.path) == ["/ietf-system:system/ntp/server[name='b']"])
        #expect(try tree.nodes(matching: "/ietf-system:system/contact").isEmpty)
    }

    @Test func aBadXPathIsAnInvalidPathError() throws {
        for tree in [try sample(), DataTree(context: context)] {
            #expect {
                _ = try tree.nodes(matching: "/ietf-system:system/ntp/server[")
            } throws: { ($0 as? YangError)?.code == .invalidPath }
        }
    }

    @Test func subtreeKeepsSelectedNodesWithTheirAncestors() throws {
        let selected = try sample().subtree(matching: "/ietf-system:system/ntp/server[name='b']")
        #expect(selected.exists("/ietf-system:system/ntp/server[name='b']/udp/address"))
        #expect(!selected.exists("/ietf-system:system/ntp/server[name='a']"))
        #expect(!selected.exists("/ietf-system:system/hostname"))
    }

    @Test func createsSetsAndDeletesByPath() throws {
        let tree = DataTree(context: context)
        try tree.create(path: "/ietf-system:system/ntp/server[name='c']/udp/address", value: "10.0.0.3")
        #expect(tree.value(at: "/ietf-system:system/ntp/server[name='c']/udp/address") == "10.0.0.3")
        #expect {
            try tree.create(path: "/ietf-system:system/ntp/server[name='c']/udp/address", value: "10.0.0.4")
        } throws: { ($0 as? YangError)?.code == .nodeExists }
        try tree.set(path: "/ietf-system:system/ntp/server[name='c']/udp/address", value: "10.0.0.4")
        try tree.set(path: "/ietf-system:system/ntp/server[name='c']/udp/address", value: "10.0.0.4")
        #expect(tree.value(at: "/ietf-system:system/ntp/server[name='c']/udp/address") == "10.0.0.4")
        try tree.set(path: "/ietf-system:system/hostname", value: "r9")
        try tree.validate()

        try tree.delete(path: "/ietf-system:system/ntp/server[name='c']")
        #expect(!tree.exists("/ietf-system:system/ntp/server[name='c']"))
        #expect {
            try tree.delete(path: "/ietf-system:system/ntp/server[name='c']")
        } throws: { ($0 as? YangError)?.code == .nodeNotFound }
        try tree.delete(path: "/ietf-system:system")
        #expect(!tree.exists("/ietf-system:system"))
        // What is left are the implicit nodes validation added (ietf-netconf-acm's defaults,
        // the empty non-presence interfaces container): nothing to print in explicit mode.
        #expect(!tree.isEmpty)
        #expect(tree.roots.allSatisfy { $0.isDefault })
        #expect(try tree.printXML() == "")
    }

    @Test func anInvalidValueOnCreateIsAnError() {
        let tree = DataTree(context: context)
        #expect {
            try tree.set(path: "/ietf-system:system/ntp/server[name='c']/udp/port", value: "70000")
        } throws: { error in
            guard let error = error as? YangError else { return false }
            return error.code == .invalidValue && error.message.contains("70000")
        }
        #expect {
            try tree.set(path: "/ietf-system:system/nothing", value: "1")
        } throws: { error in (error as? YangError) != nil }
    }

    @Test func mergesOneSubtreeFromAnotherTreeWithoutItsMetadata() throws {
        let edit = try DataTree.parse(
            xml: "<system xmlns=\"\(Fixtures.system)\" xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><ntp>"
                + "<server nc:operation=\"create\"><name>z</name><udp><address>10.0.0.26</address></udp></server></ntp></system>",
            context: context, as: .edit)
        let tree = try sample()
        try tree.mergeSubtree(at: "/ietf-system:system/ntp/server[name='z']", from: edit)
        let z = try #require(tree.node(at: "/ietf-system:system/ntp/server[name='z']"))
        #expect(z["udp", "address"]?.value == "10.0.0.26")
        #expect(z.metadata.isEmpty)
        #expect(tree.exists("/ietf-system:system/ntp/server[name='a']"))
    }
}
