import Datastore
import NetconfModel
import ModelTestSupport
import Testing
import XMLSupport
import YangData

/// The rpc-errors of edit-config, validate and commit carry the node-naming message of the
/// YANG error, and every other field as before: error-type application, the same error-tag,
/// error-app-tag, error-path and error-info. Meridian's real model (`yang/`).
@Suite struct ErrorMessageRPCErrorTests {
    static let context = MeridianModelContext.context

    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let mntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    let session = SessionID(rawValue: 1)

    static func config(_ ntp: String) throws -> XMLElement {
        try XMLDocumentParser.parse(Array(
            "<config xmlns='urn:ietf:params:xml:ns:netconf:base:1.0'><system xmlns='\(sys)'><ntp>\(ntp)</ntp></system></config>".utf8))
    }

    static func server(_ name: String, address: String? = "192.0.2.1", _ extra: String = "") -> String {
        "<server><name>\(name)</name>" + (address.map { "<udp><address>\($0)</address></udp>" } ?? "") + extra + "</server>"
    }

    @Test func editConfigOfABadValue() async throws {
        let service = DatastoreService(context: Self.context, stateDirectory: nil)
        let reply = await service.editConfig(
            .candidate, options: EditOptions(),
            config: try Self.config(Self.server("lab", "<minpoll xmlns='\(Self.mntp)'>42</minpoll>")), session: session)
        #expect(reply == .errors([RPCError(
            type: .application, tag: .invalidValue, severity: .error, appTag: nil,
            path: "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:minpoll",
            pathNamespaces: [
                XMLNamespaceDeclaration(prefix: "ietf-system", uri: Self.sys),
                XMLNamespaceDeclaration(prefix: "meridian-ntp", uri: Self.mntp),
            ],
            message: "minpoll: value 42 is out of range -6..17 (server lab)", info: [])]))
    }

    @Test func commitOfADanglingLeafrefAndAMissingChoice() async throws {
        let service = DatastoreService(context: Self.context, stateDirectory: nil)
        let edit = Self.server("lab", "<key-id xmlns='\(Self.mntp)'>9</key-id>") + Self.server("b", address: nil)
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Self.config(edit), session: session) == .ok)
        let reply = await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session)
        guard case .errors(let errors) = reply else {
            Issue.record("the commit must be refused: \(reply)")
            return
        }
        let leafref = try #require(errors.first { $0.appTag == "instance-required" })
        #expect(leafref.message == "key-id: no key 9 for this value to refer to (/system/ntp/authentication/key/key-id) (server lab)")
        #expect(leafref.tag == .dataMissing && leafref.type == .application)
        #expect(leafref.path == "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:key-id")
        let choice = try #require(errors.first { $0.appTag == "missing-choice" })
        #expect(choice.message == "transport: mandatory choice is missing, give udp (server b)")
        #expect(choice.tag == .dataMissing && choice.path == "/ietf-system:system/ntp/server[name='b']")
        #expect(choice.info == [XMLElement(name: "missing-choice", namespace: "urn:ietf:params:xml:ns:yang:1", children: [.text("transport")])])
    }

    @Test func validateOfAMissingMandatoryLeaf() async throws {
        let service = DatastoreService(context: Self.context, stateDirectory: nil)
        let key = "<authentication xmlns='\(Self.mntp)'><key><key-id>9</key-id><hex-key>0a1b</hex-key></key></authentication>"
        let reply = await service.validate(.inline(try Self.config(key)))
        guard case .errors(let errors) = reply, let error = errors.first, errors.count == 1 else {
            Issue.record("one error expected: \(reply)")
            return
        }
        #expect(error.message == "algorithm: mandatory leaf is missing (key 9)")
        #expect(error.tag == .missingElement && error.type == .application && error.appTag == nil)
        #expect(error.path == "/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='9']")
        #expect(error.info == [XMLElement(name: "bad-element", namespace: NetconfNamespace.base, children: [.text("algorithm")])])
    }
}
