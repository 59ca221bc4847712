import Foundation
import Testing
import YangData

/// Every YANG error an operator can get back names its node first, then what is wrong, then the
/// list entries it is in: many tools (Ansible among them) show only `error-message`. Checked
/// against Meridian's real model (and, for what that model does not use, one test module), with
/// the code, path and app-tag each error had before messages were rewritten.
@Suite struct ErrorMessageTests {
    typealias M = MeridianModel

    // MARK: Types: range, integer and decimal syntax, length, pattern, enumeration, boolean

    @Test func anOutOfRangeValueNamesTheRangeFromTheSchema() {
        let error = only(M.ntp(M.server("lab", extra: M.m("minpoll", "42"))))
        #expect(error?.message == "minpoll: value 42 is out of range -6..17 (server lab)")
        #expect(error?.code == .invalidValue)
        #expect(error?.path == "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:minpoll")
        #expect(error?.appTag == nil)
        #expect(error?.libyangMessage == "Unsatisfied range - value \"42\" is out of the allowed range.")
    }

    @Test func aValueBeyondItsBuiltInTypeNamesTheTypesBounds() {
        let xml = M.ntp("<server><name>lab</name><udp><address>192.0.2.1</address><port>70000</port></udp></server>")
        #expect(only(xml)?.message == "port: value 70000 is out of range 0..65535 (server lab)")
        let limit = M.ntp(M.m("clock-step", "<limit>5000000000</limit>"))
        #expect(only(limit)?.message == "limit: value 5000000000 is out of range 0..4294967295")
    }

    @Test func aRangeOfSeveralPartsListsThemAll() {
        let xml = M.ntp(M.peerGroup("g1", "<member>m</member><priority>15</priority>"))
        #expect(only(xml, in: M.withCountsAndConditions)?.message
            == "priority: value 15 is out of range 1..10 | 20..30 (peer-group g1)")
    }

    @Test func aRangesOwnErrorMessageIsKept() {
        let xml = M.ntp(M.peerGroup("g1", "<member>m</member><weight>15</weight>"))
        #expect(only(xml, in: M.withCountsAndConditions)?.message == "weight: weight is 1 to 10 or 20 to 30 (peer-group g1)")
    }

    @Test func aValueThatIsNoIntegerSaysSo() {
        #expect(only(M.ntp(M.server("lab", extra: M.m("minpoll", "abc"))))?.message
            == "minpoll: value \"abc\" is not an integer, expected -6..17 (server lab)")
        #expect(only(M.ntp(M.server("lab", extra: M.m("minpoll", ""))))?.message
            == "minpoll: value \"\" is not an integer, expected -6..17 (server lab)")
    }

    @Test func decimalValuesNameFractionDigitsAndRange() {
        func threshold(_ value: String) -> String? {
            only(M.ntp(M.m("clock-step", "<threshold>\(value)</threshold>")))?.message
        }
        #expect(threshold("0.0001") == "threshold: value 0.0001 has more than 3 fraction digits")
        #expect(threshold("abc") == "threshold: value \"abc\" is not a decimal number, expected 0.001..1000")
        #expect(threshold("1000.5") == "threshold: value 1000.5 is out of range 0.001..1000")
    }

    @Test func aTooLongStringNamesItsLengthAndTheAllowedOne() {
        let xml = M.ntp(M.server("lab", extra: M.m("vpn-instance", "abcdefghijklmnop")))
        #expect(only(xml)?.message
            == "vpn-instance: value \"abcdefghijklmnop\" is 16 characters long, the allowed length is 1..15 (server lab)")
    }

    @Test func aPatternMismatchQuotesThePattern() {
        let xml = M.ntp(M.m("authentication", M.key("9", hexKey: "xyz")))
        let error = only(xml)
        #expect(error?.message == "hex-key: value \"xyz\" does not match the pattern ([0-9a-fA-F]{2}){1,64} (key 9)")
        #expect(error?.path == "/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='9']/hex-key")
    }

    @Test func aBadEnumerationListsTheValues() {
        let error = only(M.ntp(M.m("authentication", M.key("9", algorithm: "sha512"))))
        #expect(error?.message == "algorithm: value \"sha512\" is not one of md5, sha1, hmac-sha256, aes-cmac (key 9)")
        #expect(error?.code == .invalidValue)
        let standard = only(M.ntp(M.server("lab", extra: "<association-type>broadcast</association-type>")))
        #expect(standard?.message == "association-type: value \"broadcast\" is not one of server, peer, pool (server lab)")
    }

    @Test func aBadBooleanAndABadIdentitySayWhatIsExpected() {
        #expect(only(M.ntp(M.server("lab", extra: M.m("burst", "yes"))))?.message
            == "burst: value \"yes\" is not a boolean, expected true or false (server lab)")
        #expect(only(M.interface("lo-a", type: "bogus"))?.message
            == "type: value \"ianaift:bogus\" is not an identity derived from interface-type (interface lo-a)")
    }

    @Test func nestedEntriesAreNamedOutermostFirst() {
        let xml = M.interface(
            "lo-a",
            extra: "<ipv4 xmlns=\"\(M.ip)\"><address><ip>10.1.1.1</ip><prefix-length>40</prefix-length></address></ipv4>")
        #expect(only(xml)?.message == "prefix-length: value 40 is out of range 0..32 (interface lo-a, address 10.1.1.1)")
        // A key value with a single quote is in double quotes in the path; the message shows it plainly.
        let quoted = only(M.ntp(M.server("it's", extra: M.m("minpoll", "99"))))
        #expect(quoted?.path == "/ietf-system:system/ntp/server[name=\"it's\"]/meridian-ntp:minpoll")
        #expect(quoted?.message == "minpoll: value 99 is out of range -6..17 (server it's)")
    }

    @Test func whatTheSchemaCannotExplainKeepsLibyangsTextAfterTheNodesName() {
        // udp/address is a union (ip-address | domain-name): libyang's own sentence, tidied.
        let error = only(M.ntp(M.server("lab", address: "a b")))
        #expect(error?.message.hasPrefix("address: invalid union value \"a b\"") == true, "\(String(describing: error))")
        #expect(error?.message.hasSuffix("(server lab)") == true)
        #expect(error?.message.contains("\n") == false)
    }

    // MARK: Missing nodes

    @Test func aMissingMandatoryLeafIsNamedWithItsEntry() {
        let error = only(M.ntp(M.m("authentication", M.key("9", algorithm: nil))))
        #expect(error?.message == "algorithm: mandatory leaf is missing (key 9)")
        #expect(error?.code == .missingElement)
        #expect(error?.path == "/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='9']")
        #expect(only(M.interface("lo-a", type: nil))?.message == "type: mandatory leaf is missing (interface lo-a)")
    }

    @Test func aMissingLeafOfAContainerNamesTheContainer() {
        let xml = M.ntp(M.m("unsync-max-poll", "<poll-interval>4</poll-interval>"))
        #expect(only(xml)?.message == "dec-step: mandatory leaf is missing in unsync-max-poll")
    }

    @Test func aMissingMandatoryChoiceListsItsCases() {
        let server = only(M.ntp(M.server("lab", address: nil)))
        #expect(server?.message == "transport: mandatory choice is missing, give udp (server lab)")
        #expect(server?.appTag == "missing-choice" && server?.element == "transport")
        #expect(only(M.ntp(M.m("authentication", M.key("9", hexKey: nil))))?.message
            == "secret: mandatory choice is missing, give hex-key or ascii-key (key 9)")
    }

    @Test func aChoiceCaseBehindADisabledFeatureIsNotOffered() {
        let xml = M.interface("lo-a", extra: "<ipv4 xmlns=\"\(M.ip)\"><address><ip>10.1.1.1</ip></address></ipv4>")
        #expect(only(xml)?.message == "subnet: mandatory choice is missing, give prefix-length (interface lo-a, address 10.1.1.1)")
    }

    @Test func aMissingLeafInsideAChoiceCaseNamesItsEntryButGetsNoPath() {
        // libyang locates it by a schema path through the choice and case; no error-path, as before.
        let error = only(M.ntp("<server><name>lab</name><udp><port>123</port></udp></server>"))
        #expect(error?.message == "address: mandatory leaf is missing in udp (server lab)")
        #expect(error?.code == .missingElement && error?.path == nil && error?.element == "address")
    }

    @Test func dataForTwoCasesOfAChoiceNamesBoth() {
        let error = only(M.ntp(M.m("authentication", M.key("3", hexKey: "0a1b").replacingOccurrences(
            of: "</key>", with: "<ascii-key>abc</ascii-key></key>"))))
        #expect(error?.message == "secret: give either hex-key or ascii-key, not both (key 3)")
        #expect(error?.code == .duplicateInstance && error?.path == nil)
    }

    @Test func aListEntryWithoutItsKey() {
        let error = only(M.ntp("<server><udp><address>192.0.2.1</address></udp></server>"))
        #expect(error?.message == "name: list key is missing in a server entry")
        #expect(error?.element == "name")
    }

    // MARK: References and conditions

    @Test func aDanglingLeafrefSaysWhatItRefersTo() {
        let error = only(M.ntp(M.server("lab", extra: M.m("key-id", "9"))))
        #expect(error?.message == "key-id: no key 9 for this value to refer to (/system/ntp/authentication/key/key-id) (server lab)")
        #expect(error?.code == .missingInstance && error?.appTag == "instance-required")
        #expect(error?.path == "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:key-id")
    }

    @Test func aDanglingInterfaceReferenceNamesTheInterface() {
        #expect(only(M.ntp(M.server("lab", extra: M.m("source-interface", "lo-a"))))?.message
            == "source-interface: no interface lo-a for this value to refer to (/interfaces/interface/name) (server lab)")
        let multicast = M.interface(
            "lo-a", extra: M.m("ntp", "<multicast-server><group>239.1.1.1</group><key-id>7</key-id></multicast-server>"))
        #expect(only(multicast)?.message == "key-id: no key 7 for this value to refer to (/system/ntp/authentication/key/key-id) "
            + "(interface lo-a, multicast-server 239.1.1.1)")
    }

    @Test func aMustWithItsOwnMessageKeepsItAndNamesTheNode() {
        let error = only(M.ntp(M.server("lab", extra: M.m("minpoll", "8") + M.m("maxpoll", "7"))))
        #expect(error?.message == "maxpoll: maxpoll must not be smaller than minpoll (server lab)")
        #expect(error?.code == .mustViolation && error?.appTag == "maxpoll-below-minpoll")
        let clockStep = only(M.ntp(M.m("clock-step", "<threshold>10</threshold><panic-threshold>5</panic-threshold>")))
        #expect(clockStep?.message == "panic-threshold: The panic threshold must be larger than the step threshold.")
    }

    @Test func aMustWithoutAMessageQuotesItsCondition() {
        let xml = M.ntp(M.peerGroup("g1", "<member>m</member><timing/>"))
        let error = only(xml, in: M.withCountsAndConditions)
        #expect(error?.message == "timing: must condition \"fast or slow\" is not satisfied (peer-group g1)")
        #expect(error?.code == .mustViolation && error?.appTag == "must-violation")
    }

    @Test func aFalseWhenQuotesItsCondition() {
        let xml = M.ntp(M.peerGroup("g1", "<member>m</member><mode>unicast</mode><ttl>4</ttl>"))
        let error = only(xml, in: M.withCountsAndConditions)
        #expect(error?.message == "ttl: present although its when condition \"../mode = 'manycast'\" is false (peer-group g1)")
        #expect(error?.code == .whenViolation)
        #expect(error?.path == "/ietf-system:system/ntp/meridian-error-test:peer-group[name='g1']/ttl")
    }

    // MARK: Lists: unique, element counts, duplicates

    @Test func aUniqueClashNamesTheOtherEntry() {
        let xml = M.ntp(M.peerGroup("g1", "<address>x</address><member>m</member>") + M.peerGroup("g2", "<address>x</address><member>m</member>"))
        let error = only(xml, in: M.withCountsAndConditions)
        #expect(error?.message == "peer-group: address x is also used by peer-group g1; it must be unique (peer-group g2)")
        #expect(error?.code == .notUnique)
        #expect(error?.path == "/ietf-system:system/ntp/meridian-error-test:peer-group[name='g2']")
    }

    @Test func tooManyEntriesNamesTheMaximum() {
        let xml = M.ntp(M.peerGroup("g1") + M.peerGroup("g2") + M.peerGroup("g3"))
        let error = only(xml, in: M.withCountsAndConditions)
        #expect(error?.message == "peer-group: too many entries, at most 2 are allowed (peer-group g3)")
        #expect(error?.code == .tooManyElements && error?.appTag == "too-many-elements")
    }

    @Test func tooFewValuesNamesTheEntryButKeepsNoPath() {
        let error = only(M.ntp(M.peerGroup("g1", "")), in: M.withCountsAndConditions)
        #expect(error?.message == "member: too few values, at least 1 is required (peer-group g1)")
        #expect(error?.code == .tooFewElements && error?.path == nil)
    }

    @Test func aDuplicateEntryOrValueIsNamed() {
        let error = only(M.ntp(M.server("lab") + M.server("lab", address: "192.0.2.2")))
        #expect(error?.message == "server: given more than once (server lab)")
        #expect(error?.code == .duplicateInstance)
        let leafList = M.ntp(M.m("listen-interface", "lo") + M.m("listen-interface", "lo")) + M.interface("lo")
        #expect(only(leafList)?.message == "listen-interface: value lo is given more than once")
        #expect(only("<system xmlns=\"\(M.system)\"><hostname>a</hostname><hostname>b</hostname></system>")?.message
            == "hostname: given more than once")
    }

    // MARK: Unknown elements, namespaces and state data

    @Test func anUnknownElementNamesWhereItWasFound() {
        let error = only(M.ntp(M.server("lab", extra: "<colour>blue</colour>")))
        #expect(error?.message == "colour: not an element of server in module ietf-system (server lab)")
        #expect(error?.code == .unknownElement && error?.element == "colour")
        #expect(only(M.ntp("<color>blue</color>"))?.message == "color: not an element of ntp in module ietf-system")
    }

    @Test func anUnknownNamespaceIsQuoted() {
        #expect(only("<thing xmlns=\"urn:example:nothing\"><a>1</a></thing>")?.message
            == "thing: namespace \"urn:example:nothing\" belongs to no module this server implements")
        #expect(only(M.ntp(M.server("lab", extra: "<foo xmlns=\"urn:x\">1</foo>")))?.message
            == "foo: namespace \"urn:x\" belongs to no module this server implements (server lab)")
    }

    @Test func stateDataIsNamed() {
        let xml = "<system-state xmlns=\"\(M.system)\"><platform><os-name>x</os-name></platform></system-state>"
        let error = only(xml)
        #expect(error?.message == "system-state: state data, not allowed in configuration")
        #expect(error?.code == .unexpectedStateData)
    }

    // MARK: Edits of a tree

    @Test func settingABadValueOnATreeNamesNodeAndEntry() throws {
        let tree = try DataTree.parse(xml: M.ntp(M.server("lab")), context: M.context)
        #expect {
            try tree.set(path: "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:minpoll", value: "99")
        } throws: { error in
            (error as? YangError)?.message == "minpoll: value 99 is out of range -6..17 (server lab)"
        }
    }

    // MARK: Helpers

    /// The one error that parsing and then validating `xml` reports (`nil`, and a failed
    /// expectation, when there are none or several).
    private func only(_ xml: String, in context: YangContext = MeridianModel.context) -> YangError? {
        let errors: [YangError]
        do {
            try DataTree.parse(xml: xml, context: context).validate()
            errors = []
        } catch {
            errors = Array(error)
        }
        #expect(errors.count == 1, "\(errors)")
        return errors.count == 1 ? errors[0] : nil
    }
}
