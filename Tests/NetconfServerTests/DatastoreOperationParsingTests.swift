import Datastore
import NetconfModel
import NetconfServer
import Testing
import XMLSupport

@Suite struct DatastoreOperationParsingTests {
    static let base = "urn:ietf:params:xml:ns:netconf:base:1.0"

    static func request(_ body: String, rpcAttributes: String = "") throws -> RPCRequest {
        let rpc = try XMLDocumentParser.parse(Array("<rpc xmlns='\(base)' message-id='1' \(rpcAttributes)>\(body)</rpc>".utf8))
        return RPCRequest(
            messageID: "1", attributes: rpc.attributes, namespaceDeclarations: rpc.namespaceDeclarations,
            operation: try #require(rpc.childElements.first))
    }

    static func parse(_ body: String, rpcAttributes: String = "") throws -> DatastoreOperation {
        try DatastoreOperation.parse(try request(body, rpcAttributes: rpcAttributes))
    }

    static func error(_ body: String) throws -> RPCError? {
        let parsed = try request(body)
        do {
            _ = try DatastoreOperation.parse(parsed)
            return nil
        } catch {
            return error
        }
    }

    @Test func aBase10SessionGetsConfirmedCommit10() throws {
        let confirmed = try Self.request("<commit><confirmed/><confirm-timeout>30</confirm-timeout></commit>")
        guard case .commit(true, let timeout, nil, nil) = try DatastoreOperation.parse(confirmed, confirmedCommit: .v10) else {
            Issue.record("a 1.0 confirmed commit parses")
            return
        }
        #expect(timeout == .seconds(30))
        for body in ["<commit><confirmed/><persist>p</persist></commit>", "<commit><persist-id>p</persist-id></commit>"] {
            #expect(throws: RPCError.self) { try DatastoreOperation.parse(try Self.request(body), confirmedCommit: .v10) }
            #expect(throws: Never.self) { try DatastoreOperation.parse(try Self.request(body)) }
        }
        let cancel = try Self.request("<cancel-commit/>")
        do throws(RPCError) {
            _ = try DatastoreOperation.parse(cancel, confirmedCommit: .v10)
            Issue.record("cancel-commit is 1.1 only")
        } catch {
            #expect(error.tag == .operationNotSupported)
            #expect(error.message?.contains(":base:1.0") == true)
        }
    }

    @Test func getConfigWithSubtreeFilterAndWithDefaults() throws {
        let op = try Self.parse("""
            <get-config><source><running/></source>
              <filter type="subtree"><system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"/></filter>
              <with-defaults xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">report-all</with-defaults>
            </get-config>
            """)
        guard case .getConfig(.running, .subtree(let filter)?, .reportAll?) = op else {
            Issue.record("unexpected \(op)")
            return
        }
        #expect(filter.roots.map(\.name) == ["system"])
    }

    @Test func xpathFilterCollectsPrefixesInScope() throws {
        let op = try Self.parse(
            "<get><filter xmlns:if='urn:ietf:params:xml:ns:yang:ietf-interfaces' type='xpath' select='/sys:system/if:x'/></get>",
            rpcAttributes: "xmlns:sys='urn:ietf:params:xml:ns:yang:ietf-system'")
        #expect(op == .get(filter: .xpath("/sys:system/if:x", namespaces: [
            "sys": "urn:ietf:params:xml:ns:yang:ietf-system",
            "if": "urn:ietf:params:xml:ns:yang:ietf-interfaces",
        ]), withDefaults: nil))
    }

    @Test func editConfigOptionsDefaultAndParse() throws {
        let plain = try Self.parse("<edit-config><target><candidate/></target><config/></edit-config>")
        guard case .editConfig(.candidate, let options, _) = plain else { Issue.record("\(plain)"); return }
        #expect(options == EditOptions())
        let full = try Self.parse("""
            <edit-config><target><running/></target><default-operation>none</default-operation>
            <test-option>test-only</test-option><error-option>rollback-on-error</error-option><config/></edit-config>
            """)
        guard case .editConfig(.running, let o, _) = full else { Issue.record("\(full)"); return }
        #expect(o.defaultOperation == .none && o.testOption == .testOnly && o.errorOption == .rollbackOnError)
    }

    @Test func commitParameters() throws {
        #expect(try Self.parse("<commit/>") == .commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil))
        #expect(try Self.parse("<commit><confirmed/><confirm-timeout>30</confirm-timeout><persist>p</persist></commit>")
            == .commit(confirmed: true, timeout: .seconds(30), persist: "p", persistID: nil))
        #expect(try Self.parse("<commit><persist-id>p</persist-id></commit>")
            == .commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: "p"))
    }

    @Test func sourcesCanBeDatastoresOrInlineConfig() throws {
        #expect(try Self.parse("<validate><source><candidate/></source></validate>") == .validate(.datastore(.candidate)))
        guard case .validate(.inline(let config)) = try Self.parse("<validate><source><config><a xmlns='urn:a'/></config></source></validate>")
        else { Issue.record("inline config not recognised"); return }
        #expect(config.childElements.map(\.name) == ["a"])
        #expect(try Self.parse("<copy-config><target><startup/></target><source><running/></source></copy-config>")
            == .copyConfig(target: .startup, source: .datastore(.running)))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let body: String
        let tag: RPCError.Tag
        var testDescription: String { body }
    }

    @Test(arguments: [
        Bad(body: "<get-config/>", tag: .missingElement),
        Bad(body: "<get-config><source/></get-config>", tag: .missingElement),
        Bad(body: "<get-config><source><nowhere/></source></get-config>", tag: .unknownElement),
        Bad(body: "<get-config><source><running/></source><bogus/></get-config>", tag: .unknownElement),
        Bad(body: "<edit-config><target><startup/></target><config/></edit-config>", tag: .invalidValue),
        Bad(body: "<edit-config><target><candidate/></target></edit-config>", tag: .missingElement),
        Bad(body: "<edit-config><target><candidate/></target><default-operation>delete</default-operation><config/></edit-config>", tag: .badElement),
        Bad(body: "<edit-config><target><candidate/></target><url>file:///x</url></edit-config>", tag: .operationNotSupported),
        Bad(body: "<delete-config><target><running/></target></delete-config>", tag: .invalidValue),
        Bad(body: "<commit><confirm-timeout>10</confirm-timeout></commit>", tag: .badElement),
        Bad(body: "<commit><confirmed/><confirm-timeout>0</confirm-timeout></commit>", tag: .badElement),
        Bad(body: "<commit><confirmed/><confirm-timeout>ten</confirm-timeout></commit>", tag: .badElement),
        Bad(body: "<get><filter type='xpath'/></get>", tag: .missingAttribute),
        Bad(body: "<get><filter type='regex' select='x'/></get>", tag: .badAttribute),
        Bad(body: "<get><with-defaults xmlns='urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults'>all</with-defaults></get>", tag: .badElement),
        Bad(body: "<discard-changes><now/></discard-changes>", tag: .unknownElement),
    ])
    func badParametersGetTheRightError(_ bad: Bad) throws {
        let error = try #require(try Self.error(bad.body))
        #expect(error.tag == bad.tag)
        #expect(error.type == .protocol)
    }
}
