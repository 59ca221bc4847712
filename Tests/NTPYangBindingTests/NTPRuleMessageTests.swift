import NetconfModel
import NTPYangBinding
import Testing

/// Each NTP rule's message names its node first and the list entries it is in last, as the
/// YANG errors do (many tools show only `error-message`). The cases are `NTPRulesTests.cases`.
@Suite struct NTPRuleMessageTests {
    static let expected: [String: String] = [
        "unspecified server address": "address: 0.0.0.0 is the unspecified address (server s)",
        "broadcast server address": "address: 255.255.255.255 is a broadcast address (server s)",
        "multicast server address":
            "address: 224.0.1.1 is a multicast address; configure multicast-client on an interface instead (server s)",
        "IPv6 multicast server address":
            "address: ff05::101 is a multicast address; configure multicast-client on an interface instead (server s)",
        "reference-clock pseudo address":
            "address: 127.127.1.0 is a reference-clock pseudo address; use refclock-master for a local reference (server s)",
        "an address of this device": "address: 127.0.1.31 is an address of this device (server s)",
        "source interface without IPv4 address": "source-interface: interface v6only has no IPv4 address",
        "per-server source interface without the server's family": "source-interface: interface lo1 has no IPv6 address (server s)",
        "untrusted key with authentication enabled":
            "key-id: key 7 authenticates this server but is not trusted; set trusted true or use another key (server s)",
        "multicast group not multicast":
            "group: 192.0.2.9 is not a multicast address (interface lo1, multicast-client 192.0.2.9)",
        "broadcast on an interface without address": "broadcast-server: needs an IPv4 address on the interface (interface bare)",
        "broadcast on a /32 address":
            "broadcast-client: needs a subnet with a broadcast address; 127.0.1.31/32 has none (interface lo1)",
        "IPv6 group on an IPv4-only interface":
            "multicast-server: needs an IPv6 address on the interface (interface lo1, multicast-server ff05::101)",
        "VRF that does not exist": "vpn-instance: no VRF device named vrf-red exists on this host (server s)",
    ]

    @Test(arguments: NTPRulesTests.cases)
    func messageNamesTheNodeAndItsEntry(_ example: NTPRulesTests.Case) throws {
        let errors = NTPRules(devices: FakeDevices()).validate(NTPConfiguration(try NTPContext.nodes(example.xml)))
        let error = try #require(errors.first)
        #expect(error.message == Self.expected[example.rule], "no expected message for \(example.rule)?")
    }

    @Test func everyRuleHasAnExpectedMessage() {
        #expect(Set(NTPRulesTests.cases.map(\.rule)) == Set(Self.expected.keys))
    }
}
