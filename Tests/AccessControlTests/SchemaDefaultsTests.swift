import AccessControl
import ModelTestSupport
import Testing
import YangData

/// The built-in defaults come from the `nacm:default-deny-*` statements of the real modules.
@Suite struct SchemaDefaultsTests {
    static let context = MeridianModelContext.context

    @Test func tableHasTheStandardAndMeridianDefaults() {
        let table = DefaultDeny.table(from: Self.context)
        #expect(table["/ietf-netconf:kill-session"] == .all)
        #expect(table["/ietf-netconf:delete-config"] == .all)
        #expect(table["/ietf-netconf-acm:nacm"] == .all)
        let secrets = table.filter { $0.key.hasSuffix("hex-key") || $0.key.hasSuffix("ascii-key") }
        #expect(secrets.count == 2 && secrets.values.allSatisfy { $0 == .all }, "\(table)")
    }

    @Test func aSecretIsUnreadableByDefaultAndReadableUnderAPermitRule() throws {
        let tree = try DataTree.parse(xml: """
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>\
            <authentication xmlns="urn:meridian:params:xml:ns:yang:meridian-ntp"><key>\
            <key-id>1</key-id><algorithm>hmac-sha256</algorithm><hex-key>0011</hex-key></key></authentication></ntp></system>
            """, context: Self.context)
        let policy = AccessPolicy(configuration: NACMConfiguration(), defaults: DefaultDeny.table(from: Self.context))
        let paths = policy.rights(for: "reader").unreadablePaths(in: tree.roots)
        #expect(paths.count == 1 && paths[0].hasSuffix("hex-key"), "\(paths)")
    }
}
