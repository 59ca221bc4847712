import NTPYangBinding
import Testing

/// Addresses are read with the engine's IPAddress type (NetworkAddress).
@Suite struct AddressReadingTests {
    @Test func aZonedLinkLocalMulticastServerAddressIsStillClassified() throws {
        let xml = NTPRulesTests.config(ntp: NTPRulesTests.server("s", "ff02::101%eth0"))
        let errors = NTPRules(devices: FakeDevices()).validate(NTPConfiguration(try NTPContext.nodes(xml)))
        #expect(errors.map(\.appTag) == ["server-address-multicast"])
    }
}
