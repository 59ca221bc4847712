import Testing
import YangData
import NTPYangBinding

/// `NTPConfiguration.of` reads each node array once, and never answers for a different one.
@Suite struct NTPConfigurationMemoTests {
    func system(_ body: String) -> String { "<system xmlns=\"urn:ietf:params:xml:ns:yang:ietf-system\">\(body)</system>" }

    @Test func theSameArrayIsReadOnceAndADifferentOneAfresh() throws {
        let first = try NTPContext.nodes(system("<ntp><server><name>a</name><udp><address>192.0.2.1</address></udp></server></ntp>"))
        let second = try NTPContext.nodes(system("<ntp><server><name>b</name><udp><address>192.0.2.2</address></udp></server></ntp>"))
        #expect(NTPConfiguration.of(first) == NTPConfiguration(first))
        #expect(NTPConfiguration.of(first).servers.map(\.name) == ["a"])
        #expect(NTPConfiguration.of(second).servers.map(\.name) == ["b"], "another array is read, not answered from the cache")
        #expect(NTPConfiguration.of(first).servers.map(\.name) == ["a"])
    }
}
