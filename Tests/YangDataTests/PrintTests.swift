import Testing
import YangData

@Suite struct PrintTests {
    let context = Fixtures.context
    let config = Fixtures.ntp(
        "<server><name>a</name><udp><address>10.0.0.1</address><port>123</port></udp><iburst>true</iburst></server>",
        hostname: "r1")

    @Test func explicitPrintsWhatWasSetEvenWhenItIsTheDefault() throws {
        let xml = try DataTree.parse(xml: config, context: context).printXML(withDefaults: .explicit)
        #expect(xml.contains("<port>123</port>"))
        #expect(xml.contains("<iburst>true</iburst>"))
        #expect(!xml.contains("<enabled>"))
        #expect(!xml.contains("association-type"))
    }

    @Test func explicitLeavesOutDefaultsAddedByValidation() throws {
        let tree = try DataTree.parse(xml: config, context: context)
        try tree.validate()
        let xml = try tree.printXML(withDefaults: .explicit)
        #expect(!xml.contains("<enabled>"))
        #expect(xml.contains("<port>123</port>"))
    }

    @Test func trimLeavesOutValuesEqualToTheirDefault() throws {
        let xml = try DataTree.parse(xml: config, context: context).printXML(withDefaults: .trim)
        #expect(!xml.contains("<port>"))
        #expect(xml.contains("<iburst>true</iburst>"))
        #expect(xml.contains("<hostname>r1</hostname>"))
    }

    @Test func reportAllAddsDefaultsWithoutChangingTheTree() throws {
        let tree = try DataTree.parse(xml: config, context: context)
        let xml = try tree.printXML(withDefaults: .reportAll)
        #expect(xml.contains("<enabled>true</enabled>"))
        #expect(xml.contains("<association-type>server</association-type>"))
        #expect(xml.contains("<prefer>false</prefer>"))
        #expect(!xml.contains("default=\"true\""))
        #expect(!tree.exists("/ietf-system:system/ntp/enabled"))
    }

    @Test func reportAllTaggedMarksDefaultValues() throws {
        let xml = try DataTree.parse(xml: config, context: context).printXML(withDefaults: .reportAllTagged)
        #expect(xml.contains("urn:ietf:params:xml:ns:netconf:default:1.0"))
        #expect(xml.contains(":default=\"true\">true</enabled>"))
        // An explicit value equal to the default is tagged too (RFC 6243 §3.4).
        #expect(xml.contains(":default=\"true\">123</port>"))
        #expect(xml.contains("<iburst>true</iburst>"))
    }

    @Test func printedXMLParsesBackToTheSameTree() throws {
        let tree = try DataTree.parse(xml: config, context: context)
        let again = try DataTree.parse(xml: tree.printXML(pretty: true), context: context)
        #expect(try tree.diff(to: again).isEmpty)
        #expect(again.roots == tree.roots)
    }

    @Test func anEmptyTreePrintsNothing() throws {
        #expect(try DataTree(context: context).printXML() == "")
    }
}
