import NetconfModel
import Testing
import XMLSupport

@Suite struct HelloMessageTests {
    static let base = NetconfNamespace.base

    private func parse(_ text: String) throws -> XMLElement {
        try XMLDocumentParser.parse(Array(text.utf8))
    }

    @Test func serverHelloListsCapabilitiesAndSessionID() throws {
        let hello = try parse(HelloMessage.server(
            sessionID: SessionID(rawValue: 4_294_967_295), capabilities: ["urn:a", "urn:b?module=x&revision=1"]))
        #expect(hello == (try parse("""
            <hello xmlns="\(Self.base)"><capabilities><capability>urn:a</capability>\
            <capability>urn:b?module=x&amp;revision=1</capability></capabilities>\
            <session-id>4294967295</session-id></hello>
            """)))
    }

    @Test func clientHelloCapabilitiesAreTrimmed() throws {
        let hello = try HelloMessage.parseClient(parse("""
            <nc:hello xmlns:nc="\(Self.base)"><nc:capabilities>
              <nc:capability> \(NetconfCapability.base11)
              </nc:capability><nc:capability>urn:x</nc:capability>
            </nc:capabilities></nc:hello>
            """))
        #expect(hello.capabilities == [NetconfCapability.base11, "urn:x"])
        #expect(hello.supports(.base11) && !hello.supports(.base10))
    }

    @Test(arguments: [
        ("<hello><capabilities/></hello>", HelloError.Code.notHello),
        ("<rpc xmlns=\"\(NetconfNamespace.base)\"/>", .notHello),
        ("<hello xmlns=\"\(NetconfNamespace.base)\"><session-id>1</session-id><capabilities/></hello>", .containsSessionID),
        ("<hello xmlns=\"\(NetconfNamespace.base)\"/>", .missingCapabilities),
        ("<hello xmlns=\"\(NetconfNamespace.base)\"><capabilities><capability/></capabilities></hello>", .emptyCapability),
    ])
    func refusesInvalidClientHellos(_ testCase: (String, HelloError.Code)) throws {
        let root = try parse(testCase.0)
        #expect { try HelloMessage.parseClient(root) } throws: { error in
            (error as? HelloError)?.code == testCase.1
        }
    }

    @Test func negotiationPrefersBase11() {
        let both = [NetconfCapability.base10, NetconfCapability.base11]
        #expect(NetconfBaseVersion.negotiate(server: both, client: both) == .base11)
        #expect(NetconfBaseVersion.negotiate(server: [NetconfCapability.base10], client: both) == .base10)
        #expect(NetconfBaseVersion.negotiate(server: both, client: ["urn:x"]) == nil)
    }
}
