import Testing
@testable import OperatorCLI

@Suite struct NTPTraceTests {
    let e = NTPTrace.Hop(server: "127.0.1.33", stratum: 4, offset: 0, rootDelay: 0.0004, rootDispersion: 0.01, referenceID: "127.0.1.32")
    let d = NTPTrace.Hop(server: "127.0.1.32", stratum: 3, offset: -0.000012, rootDelay: 0.0002, rootDispersion: 0.005, referenceID: "127.0.1.31")
    let c = NTPTrace.Hop(server: "127.0.1.31", stratum: 2, offset: 0.000003, rootDelay: 0, rootDispersion: 0.00001, referenceID: "LOCL")

    @Test func walksUpToTheReferenceClock() {
        var asked: [String] = []
        let (hops, unanswered) = NTPTrace.walk(from: e) { address in
            asked.append(address)
            return ["127.0.1.32": d, "127.0.1.31": c][address]
        }
        #expect(asked == ["127.0.1.32", "127.0.1.31"])
        #expect(hops == [e, d, c] && unanswered == nil)
        #expect(NTPTrace.render(hops, unanswered: nil) == """
             server 127.0.1.33,stratum 4, offset 0.000000s, synch distance 0.01020
             server 127.0.1.32,stratum 3, offset -0.000012s, synch distance 0.00510
             server 127.0.1.31,stratum 2, offset 0.000003s, synch distance 0.00001
             refid LOCL
            """)
    }

    @Test func stopsAtASilentSourceAndAtLoops() {
        let silent = NTPTrace.walk(from: e) { _ in nil }
        #expect(silent.hops == [e] && silent.unanswered == "127.0.1.32")
        #expect(NTPTrace.render(silent.hops, unanswered: silent.unanswered).hasSuffix(" server 127.0.1.32: no reply"))
        var looping = d
        looping.referenceID = "127.0.1.33"
        let loop = NTPTrace.walk(from: e) { _ in looping }
        #expect(loop.hops == [e, looping] && loop.unanswered == nil)
    }
}
