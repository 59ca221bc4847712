import Testing
@testable import OperatorCLI

@Suite struct ErrorAttributionTests {
    let lines = [
        "ntp-service authentication-keyid 12 authentication-mode hmac-sha256 cipher x",
        "ntp-service unicast-peer 127.0.1.53 source-interface lo-rt",
        "interface lo-rt: ntp-service broadcast-client",
    ]

    @Test func keyValueAndNodeNameTheCommand() {
        #expect(ErrorAttribution.culprit(of: "/system/ntp/mntp:authentication/mntp:key[mntp:key-id='12']/mntp:algorithm", among: lines)
            == lines[0])
    }

    @Test func aValueMatchesWholeWordsOnly() {
        // `12` is inside 127.0.1.53 but is not a word of that line.
        #expect(ErrorAttribution.culprit(of: "/system/ntp/server[name='12']/udp", among: [lines[1]]) == nil)
    }

    @Test func anInterfaceCommandIsFoundByItsView() {
        #expect(ErrorAttribution.culprit(of: "/interfaces/interface[name='lo-rt']/mntp:ntp/mntp:broadcast-client", among: lines)
            == lines[2])
    }

    @Test func quotedValuesOfPredicates() {
        #expect(ErrorAttribution.quotedValues(in: "/a[x='1'][y=\"b c\"]/d") == ["1", "b c"])
    }
}
