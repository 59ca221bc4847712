import Datastore
import Testing
import XMLSupport
import YangData

/// RFC 6241 §6.4 examples, rewritten on ietf-system users and ietf-interfaces.
@Suite struct SubtreeFilterTests {
    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let ifs = "urn:ietf:params:xml:ns:yang:ietf-interfaces"

    static let data = """
        <data xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
          <system xmlns="\(sys)">
            <hostname>D</hostname>
            <authentication>
              <user><name>root</name><password>$0$r</password>
                <authorized-key><name>k1</name><algorithm>ssh-ed25519</algorithm><key-data>AAAA</key-data></authorized-key>
              </user>
              <user><name>fred</name><password>$0$f</password></user>
              <user><name>barney</name></user>
            </authentication>
            <ntp><enabled>true</enabled><server><name>s1</name><udp><address>127.0.0.1</address></udp></server></ntp>
          </system>
          <interfaces xmlns="\(ifs)">
            <interface><name>lo</name><enabled>true</enabled></interface>
            <interface><name>eth0</name><enabled>false</enabled></interface>
          </interfaces>
        </data>
        """

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let filter: String
        let expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "6.4.2 empty filter selects nothing", filter: "", expected: ""),
        Case(
            name: "6.4.3 a whole subtree",
            filter: "<system xmlns='\(sys)'><authentication/></system>",
            expected: """
                <system xmlns='\(sys)'><authentication>
                  <user><name>root</name><password>$0$r</password>
                    <authorized-key><name>k1</name><algorithm>ssh-ed25519</algorithm><key-data>AAAA</key-data></authorized-key></user>
                  <user><name>fred</name><password>$0$f</password></user>
                  <user><name>barney</name></user>
                </authentication></system>
                """),
        Case(
            name: "6.4.4 every name within the users",
            filter: "<system xmlns='\(sys)'><authentication><user><name/></user></authentication></system>",
            expected: """
                <system xmlns='\(sys)'><authentication>
                  <user><name>root</name></user><user><name>fred</name></user><user><name>barney</name></user>
                </authentication></system>
                """),
        Case(
            name: "6.4.5 one specific list entry",
            filter: "<system xmlns='\(sys)'><authentication><user><name>fred</name></user></authentication></system>",
            expected: "<system xmlns='\(sys)'><authentication><user><name>fred</name><password>$0$f</password></user></authentication></system>"),
        Case(
            name: "6.4.6 specific elements of a specific entry",
            filter: "<system xmlns='\(sys)'><authentication><user><name>root</name><authorized-key/></user></authentication></system>",
            expected: """
                <system xmlns='\(sys)'><authentication><user><name>root</name>
                  <authorized-key><name>k1</name><algorithm>ssh-ed25519</algorithm><key-data>AAAA</key-data></authorized-key>
                </user></authentication></system>
                """),
        Case(
            name: "6.4.7 several subtrees in one filter",
            filter: """
                <system xmlns='\(sys)'><authentication>
                  <user><name>root</name><password/></user>
                  <user><name>fred</name><authorized-key/></user>
                  <user><name>barney</name><password/></user>
                </authentication></system>
                <interfaces xmlns='\(ifs)'><interface><name>lo</name></interface></interfaces>
                """,
            expected: """
                <system xmlns='\(sys)'><authentication>
                  <user><name>root</name><password>$0$r</password></user>
                  <user><name>fred</name></user>
                  <user><name>barney</name></user>
                </authentication></system>
                <interfaces xmlns='\(ifs)'><interface><name>lo</name><enabled>true</enabled></interface></interfaces>
                """),
        Case(
            name: "content match on a non-key leaf selects matching entries whole",
            filter: "<interfaces xmlns='\(ifs)'><interface><enabled>false</enabled></interface></interfaces>",
            expected: "<interfaces xmlns='\(ifs)'><interface><name>eth0</name><enabled>false</enabled></interface></interfaces>"),
        Case(
            name: "a failing content match removes the whole parent",
            filter: "<system xmlns='\(sys)'><hostname>E</hostname><ntp/></system>",
            expected: ""),
        Case(
            name: "content match plus selection at one level",
            filter: "<system xmlns='\(sys)'><hostname>D</hostname><ntp/></system>",
            expected: """
                <system xmlns='\(sys)'><hostname>D</hostname>
                  <ntp><enabled>true</enabled><server><name>s1</name><udp><address>127.0.0.1</address></udp></server></ntp></system>
                """),
        Case(
            name: "another namespace selects nothing",
            filter: "<system xmlns='urn:example:other'><hostname/></system>",
            expected: ""),
        Case(
            name: "an element in no namespace matches any namespace",
            filter: "<system xmlns=''><hostname/></system>",
            expected: "<system xmlns='\(sys)'><hostname>D</hostname></system>"),
        Case(
            name: "a selection node naming nothing present selects nothing",
            filter: "<system xmlns='\(sys)'><location/></system>",
            expected: ""),
        Case(
            name: "deep containment keeps only the path to the selection",
            filter: "<system xmlns='\(sys)'><ntp><server><udp><address/></udp></server></ntp></system>",
            expected: "<system xmlns='\(sys)'><ntp><server><udp><address>127.0.0.1</address></udp></server></ntp></system>"),
    ]

    static func forest(_ text: String) throws -> [XMLElement] {
        try XMLDocumentParser.parse(Array("<wrap>\(text)</wrap>".utf8)).childElements
    }

    @Test(arguments: cases)
    func rfc6241Examples(_ example: Case) throws {
        let data = try XMLDocumentParser.parse(Array(Self.data.utf8)).childElements
        let result = SubtreeFilter(try Self.forest(example.filter)).apply(to: data)
        #expect(result == (try Self.forest(example.expected)))
    }

    @Test func attributeMatchExpressionsMustAllMatch() throws {
        let data = try Self.forest("<t xmlns='urn:t'><e kind='a'>1</e><e kind='b'>2</e></t>")
        let filter = try Self.forest("<t xmlns='urn:t'><e kind='b'/></t>")
        #expect(SubtreeFilter(filter).apply(to: data) == (try Self.forest("<t xmlns='urn:t'><e kind='b'>2</e></t>")))
    }

    /// RFC 6241 §6.2.5: a list entry that a containment node selects part of keeps its keys.
    @Test func aLeafSelectedInsideListEntriesComesWithTheEntrysKeys() throws {
        let data = try XMLDocumentParser.parse(Array(Self.data.utf8)).childElements
        let filter = try Self.forest("<system xmlns='\(Self.sys)'><authentication><user><password/></user></authentication></system>")
        let keys: SubtreeFilter.ListKeys = { path in
            path.map(\.name) == ["system", "authentication", "user"] ? ["name"] : nil
        }
        let expected = try Self.forest(
            "<system xmlns='\(Self.sys)'><authentication><user><name>root</name><password>$0$r</password></user>"
            + "<user><name>fred</name><password>$0$f</password></user></authentication></system>")
        #expect(SubtreeFilter(filter).apply(to: data, listKeys: keys) == expected)
        // Without the schema's keys the entries cannot be told apart.
        #expect(SubtreeFilter(filter).apply(to: data) != expected)
    }

    @Test func theKeysComeFromTheSchema() throws {
        let context = EditApplierTests.context
        #expect(context.listKeys(at: [("system", Self.sys), ("ntp", Self.sys), ("server", Self.sys)]) == ["name"])
        #expect(context.listKeys(at: [("interfaces", Self.ifs), ("interface", Self.ifs)]) == ["name"])
        #expect(context.listKeys(at: [("system", Self.sys), ("ntp", Self.sys)]) == nil, "a container")
        #expect(context.listKeys(at: [("nothing", "urn:none")]) == nil)
    }
}
