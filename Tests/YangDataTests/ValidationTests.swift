import Testing
import YangData

@Suite struct ValidationTests {
    let context = Fixtures.context

    @Test func aCompleteNTPConfigurationIsValid() throws {
        let xml = Fixtures.ntp(
            "<authentication xmlns=\"urn:meridian:test\"><key><key-id>1</key-id><secret>s</secret></key></authentication>"
                + Fixtures.server("a", address: "10.0.0.1", extra: "<key-id xmlns=\"urn:meridian:test\">1</key-id>")
                + "<minpoll xmlns=\"urn:meridian:test\">6</minpoll><maxpoll xmlns=\"urn:meridian:test\">10</maxpoll>",
            hostname: "r1")
        let tree = try DataTree.parse(xml: xml, context: context)
        try tree.validate()
        // Validation adds the implicit defaults.
        #expect(tree.node(at: "/ietf-system:system/ntp/enabled")?.isDefault == true)
        #expect(tree.value(at: "/ietf-system:system/ntp/server[name='a']/udp/port") == "123")
    }

    @Test func anEmptyConfigurationIsValid() throws {
        try DataTree(context: context).validate()
    }

    @Test func aDanglingLeafrefReportsInstanceRequired() {
        let errors = validationErrors(Fixtures.ntp(Fixtures.server("a", address: "10.0.0.1", extra: "<key-id xmlns=\"urn:meridian:test\">5</key-id>")))
        #expect(errors.map(\.code) == [.missingInstance])
        #expect(errors.first?.path == "/ietf-system:system/ntp/server[name='a']/meridian-test:key-id")
        #expect(errors.first?.appTag == "instance-required")
    }

    @Test func aFailedMustCarriesTheModulesMessageAndAppTag() {
        let errors = validationErrors(Fixtures.ntp("<minpoll xmlns=\"urn:meridian:test\">9</minpoll><maxpoll xmlns=\"urn:meridian:test\">8</maxpoll>"))
        #expect(errors.map(\.code) == [.mustViolation])
        #expect(errors.first?.path == "/ietf-system:system/ntp/meridian-test:maxpoll")
        #expect(errors.first?.appTag == "maxpoll-below-minpoll")
        #expect(errors.first?.message == "maxpoll: maxpoll must be greater than or equal to minpoll")
    }

    @Test func aMissingMandatoryChoiceIsReported() {
        let errors = validationErrors(Fixtures.ntp(Fixtures.server("a")))
        #expect(errors.map(\.code) == [.missingElement])
        #expect(errors.first?.path == "/ietf-system:system/ntp/server[name='a']")
        #expect(errors.first?.message.contains("transport") == true)
    }

    @Test func aMissingMandatoryLeafIsReported() {
        let errors = validationErrors(Fixtures.ntp(
            "<authentication xmlns=\"urn:meridian:test\"><key><key-id>1</key-id></key></authentication>"))
        #expect(errors.map(\.code) == [.missingElement])
        #expect(errors.first?.message.contains("secret") == true)
        #expect(errors.first?.path == "/ietf-system:system/ntp/meridian-test:authentication/key[key-id='1']")
    }

    @Test func reportsSeveralErrorsAtOnce() {
        let xml = Fixtures.ntp(
            "<authentication xmlns=\"urn:meridian:test\"><key><key-id>1</key-id></key></authentication>"
                + Fixtures.server("a", address: "10.0.0.1", extra: "<key-id xmlns=\"urn:meridian:test\">5</key-id>")
                + Fixtures.server("b")
                + "<minpoll xmlns=\"urn:meridian:test\">9</minpoll><maxpoll xmlns=\"urn:meridian:test\">8</maxpoll>")
        let errors = validationErrors(xml)
        #expect(Set(errors.map(\.code)) == [.missingInstance, .mustViolation, .missingElement])
        #expect(errors.count == 4, "\(errors)")
        #expect(Set(errors.compactMap(\.path)) == [
            "/ietf-system:system/ntp/server[name='a']/meridian-test:key-id",
            "/ietf-system:system/ntp/server[name='b']",
            "/ietf-system:system/ntp/meridian-test:maxpoll",
            "/ietf-system:system/ntp/meridian-test:authentication/key[key-id='1']",
        ])
    }

    @Test func validationFailureLeavesTheTreeUsable() throws {
        let tree = try DataTree.parse(xml: Fixtures.ntp(Fixtures.server("b")), context: context)
        #expect(throws: YangErrors.self) { try tree.validate() }
        #expect(tree.exists("/ietf-system:system/ntp/server[name='b']"))
        try tree.set(path: "/ietf-system:system/ntp/server[name='b']/udp/address", value: "10.0.0.2")
        try tree.validate()
    }

    private func validationErrors(_ xml: String) -> [YangError] {
        do {
            try DataTree.parse(xml: xml, context: context).validate()
            return []
        } catch {
            return Array(error)
        }
    }
}
