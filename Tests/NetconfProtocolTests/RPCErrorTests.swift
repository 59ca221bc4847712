import NetconfModel
import Testing
import XMLSupport

/// `<rpc-error>` content and shape (RFC 6241 §4.3 and Appendix A).
@Suite struct RPCErrorTests {
    static let base = NetconfNamespace.base

    @Test func tagsAreTheTwentyOfAppendixA() {
        #expect(RPCError.Tag.allCases.map(\.rawValue) == [
            "in-use", "invalid-value", "too-big", "missing-attribute", "bad-attribute", "unknown-attribute",
            "missing-element", "bad-element", "unknown-element", "unknown-namespace", "access-denied",
            "lock-denied", "resource-denied", "rollback-failed", "data-exists", "data-missing",
            "operation-not-supported", "operation-failed", "partial-operation", "malformed-message",
        ])
        #expect(RPCError.ErrorType.allCases.map(\.rawValue) == ["transport", "rpc", "protocol", "application"])
    }

    @Test func childrenFollowTheRFCOrderAndPathPrefixesAreDeclared() throws {
        let error = RPCError(
            type: .application, tag: .invalidValue, severity: .error, appTag: "ntp-range",
            path: "/sys:system/sys:ntp/sys:server[sys:name='a']",
            pathNamespaces: [XMLNamespaceDeclaration(prefix: "sys", uri: "urn:ietf:params:xml:ns:yang:ietf-system")],
            message: "poll < 4 & > 17",
            info: [XMLElement(name: "bad-element", namespace: Self.base, children: [.text("poll")])])
        let written = XMLWriter.serialize(error.xmlElement)
        let parsed = try XMLDocumentParser.parse(Array(written.utf8))
        #expect(parsed == (try XMLDocumentParser.parse(Array("""
            <rpc-error xmlns="\(Self.base)"><error-type>application</error-type><error-tag>invalid-value</error-tag>\
            <error-severity>error</error-severity><error-app-tag>ntp-range</error-app-tag>\
            <error-path xmlns:sys="urn:ietf:params:xml:ns:yang:ietf-system">/sys:system/sys:ntp/sys:server[sys:name='a']</error-path>\
            <error-message xml:lang="en">poll &lt; 4 &amp; &gt; 17</error-message>\
            <error-info><bad-element>poll</bad-element></error-info></rpc-error>
            """.utf8))))
    }

    @Test func optionalChildrenAreOmitted() {
        let element = RPCError(type: .protocol, tag: .operationFailed).xmlElement
        #expect(element.childElements.map(\.name) == ["error-type", "error-tag", "error-severity"])
    }

    @Test func factoriesFillErrorInfoAsAppendixAPrescribes() {
        func info(_ error: RPCError) -> [String] {
            error.info.map { "\($0.name)=\($0.textContent)" }
        }
        #expect(info(.missingAttribute(attribute: "message-id", element: "rpc")) == ["bad-attribute=message-id", "bad-element=rpc"])
        #expect(info(.badAttribute(attribute: "operation", element: "server")) == ["bad-attribute=operation", "bad-element=server"])
        #expect(info(.unknownAttribute(attribute: "x", element: "y")) == ["bad-attribute=x", "bad-element=y"])
        #expect(info(.missingElement(name: "target")) == ["bad-element=target"])
        #expect(info(.badElement(name: "poll", type: .application)) == ["bad-element=poll"])
        #expect(info(.unknownElement(name: "frob", type: .application)) == ["bad-element=frob"])
        #expect(info(.unknownNamespace(element: "a", namespace: "urn:x")) == ["bad-element=a", "bad-namespace=urn:x"])
        #expect(info(.lockDenied(heldBy: SessionID(rawValue: 12))) == ["session-id=12"])
        #expect(info(.lockDenied(heldBy: nil)) == ["session-id=0"])
        #expect(info(.partialOperation(ok: ["a"], failed: ["b"], skipped: ["c"])) == ["ok-element=a", "err-element=b", "noop-element=c"])
        #expect(RPCError.missingAttribute(attribute: "a", element: "b").info.allSatisfy { $0.namespace == Self.base })
    }

    @Test func factoriesUseTheRightTypeAndTag() {
        #expect(RPCError.malformedMessage("x").type == .rpc)
        #expect(RPCError.malformedMessage("x").tag == .malformedMessage)
        #expect(RPCError.operationNotSupported(operation: "commit").tag == .operationNotSupported)
        #expect(RPCError.operationNotSupported(operation: "commit").type == .protocol)
        #expect(RPCError.dataExists().type == .application)
        #expect(RPCError.dataMissing().tag == .dataMissing)
        #expect(RPCError.lockDenied(heldBy: nil).type == .protocol)
        #expect(RPCError.invalidValue("v").type == .application)
        #expect(RPCError.operationFailed("f").severity == .error)
        #expect(RPCError.inUse().tag == .inUse)
        #expect(RPCError.tooBig().tag == .tooBig)
        #expect(RPCError.accessDenied().tag == .accessDenied)
        #expect(RPCError.resourceDenied().tag == .resourceDenied)
        #expect(RPCError.rollbackFailed().tag == .rollbackFailed)
    }
}
