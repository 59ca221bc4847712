import Testing
@testable import YangData

/// Snapshot paths are built in Swift from the parent's path; they must be exactly what
/// libyang's `lyd_path` prints, since edits and error paths are addressed with them.
@Suite struct SnapshotPathTests {
    let context = Fixtures.context

    func depthFirst(_ nodes: [DataNode]) -> [String] {
        nodes.flatMap { [$0.path] + depthFirst($0.children) }
    }

    @Test func pathsMatchLibyangForListsLeafListsAugmentsAndQuotes() throws {
        let xml = """
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system">
              <hostname>r1</hostname>
              <dns-resolver><search>example.com</search><search>b.example</search></dns-resolver>
              <ntp>
                <server><name>plain</name><udp><address>10.0.0.1</address></udp></server>
                <server><name>it's quoted</name><udp><address>10.0.0.2</address></udp></server>
                <authentication xmlns="urn:meridian:test"><key><key-id>7</key-id><secret>s</secret></key></authentication>
              </ntp>
            </system>
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">
              <interface><name>lo</name>
                <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:softwareLoopback</type>
              </interface>
            </interfaces>
            """
        let tree = try DataTree.parse(xml: xml, context: context)
        let expected = tree.libyangPathsDepthFirst()
        #expect(expected.count > 15)
        #expect(depthFirst(tree.roots) == expected)
        #expect(expected.contains("/ietf-system:system/ntp/server[name=\"it's quoted\"]/udp/address"))
        #expect(expected.contains("/ietf-system:system/ntp/meridian-test:authentication/key[key-id='7']/secret"))

        // With defaults added (validation), including defaults under augments.
        let validated = tree.duplicate()
        try validated.validate()
        #expect(depthFirst(validated.roots) == validated.libyangPathsDepthFirst())
    }
}
