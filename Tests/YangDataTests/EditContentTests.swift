import Testing
import YangData

@Suite struct EditContentTests {
    let context = Fixtures.context
    let nc = "xmlns:nc=\"urn:ietf:params:xml:ns:netconf:base:1.0\""

    @Test func keepsTheOperationAttributeAsMetadata() throws {
        let xml = """
            <system xmlns="\(Fixtures.system)" \(nc)><ntp nc:operation="merge">\
            <server nc:operation="replace"><name>a</name><udp><address>10.0.0.1</address></udp></server>\
            <server nc:operation="create"><name>b</name><udp><address>10.0.0.2</address></udp></server>\
            </ntp></system>
            """
        let edit = try DataTree.parse(xml: xml, context: context, as: .edit)
        let ntp = try #require(edit.roots.first?.child("ntp"))
        #expect(edit.roots.first?.editOperation == nil)
        #expect(ntp.editOperation == .merge)
        #expect(ntp.children.map(\.editOperation) == [.replace, .create])
        #expect(ntp.children.first?.metadata.first?.module == "ietf-netconf")
    }

    @Test func acceptsDeletingALeafWithoutAValue() throws {
        let xml = "<system xmlns=\"\(Fixtures.system)\" \(nc)><hostname nc:operation=\"delete\"/><contact nc:operation=\"remove\"></contact></system>"
        let edit = try DataTree.parse(xml: xml, context: context, as: .edit)
        let system = try #require(edit.roots.first)
        // hostname (a domain-name) cannot be empty: kept as an opaque node to delete.
        let hostname = try #require(system.child("hostname"))
        #expect(hostname.kind == .opaque && hostname.module == "ietf-system")
        #expect(hostname.editOperation == .delete)
        #expect(hostname.path == "/ietf-system:system/hostname")
        // contact (a string) may be empty: an ordinary leaf.
        let contact = try #require(system.child("contact"))
        #expect(contact.kind == .leaf && contact.value == "")
        #expect(contact.editOperation == .remove)
    }

    @Test func anEmptyValueNeedsDeleteOrRemove() {
        let xml = "<system xmlns=\"\(Fixtures.system)\" \(nc)><hostname nc:operation=\"merge\"/></system>"
        #expect {
            _ = try DataTree.parse(xml: xml, context: context, as: .edit)
        } throws: { error in
            (error as? YangErrors)?.first?.code == .invalidValue
        }
        // In configuration content an empty hostname is invalid whatever the attributes say.
        #expect(throws: YangErrors.self) {
            _ = try DataTree.parse(xml: "<system xmlns=\"\(Fixtures.system)\" \(nc)><hostname nc:operation=\"delete\"/></system>", context: context)
        }
    }

    @Test func anUnqualifiedOperationAttributeIsNotAnEditOperation() throws {
        let xml = "<system xmlns=\"\(Fixtures.system)\"><hostname operation=\"delete\">r1</hostname></system>"
        let edit = try DataTree.parse(xml: xml, context: context, as: .edit)
        #expect(edit.roots.first?.child("hostname")?.editOperation == nil)
    }

    @Test func unknownElementsInAnEditAreReported() {
        let xml = "<system xmlns=\"\(Fixtures.system)\" \(nc)><ntp><color nc:operation=\"delete\"/></ntp></system>"
        #expect {
            _ = try DataTree.parse(xml: xml, context: context, as: .edit)
        } throws: { error in
            (error as? YangErrors)?.map(\.code) == [.unknownElement]
        }
    }
}
