import NTPService
import Testing
import YangData

@Suite struct OSInterfacesStateTests {
    @Test func hostInterfacesAreValidStateData() async throws {
        let xml = await OSInterfacesState().stateXML()
        let tree = try DataTree.parse(xml: xml, context: EngineMappingTests.context, as: .data)
        let interfaces = try #require(tree.roots.first { $0.name == "interfaces" })
        let loopback = try #require(interfaces.children.first { $0.child("name")?.value == "lo" })
        #expect(loopback.child("oper-status")?.value == "up")
        #expect(loopback["ipv4", "address", "ip"]?.value == "127.0.0.1")
    }
}
