import Testing
@testable import NTPCore

@Suite struct ClockUpdateTests {
    @Test func systemStratumIsOneBelowThePeer() {
        let header = PeerHeader(NTPPacket(
            leap: .noWarning, mode: .server, stratum: 2,
            rootDelay: NTPShortFormat(seconds: 0.5), rootDispersion: NTPShortFormat(seconds: 0.25)
        ))
        let estimate = PeerEstimate(offset: 0.002, delay: 0.010, dispersion: 0.001, jitter: 0.003, time: .seconds(100))
        let updated = ClockUpdate.systemVariables(
            peer: SystemPeerSummary(header: header, estimate: estimate, referenceID: ReferenceID(ipv4: 127, 0, 1, 31)),
            combined: CombinedEstimate(offset: 0.002, selectionJitter: 0.004, systemJitter: 0.005),
            context: ClockUpdateContext(now: .seconds(100), wallNow: NTPTimestamp(seconds: 7, fraction: 0), precision: -20, pollExponent: 7)
        )
        #expect(updated.stratum == 3)
        #expect(updated.isSynchronized)
        #expect(updated.referenceID == ReferenceID(ipv4: 127, 0, 1, 31))
        #expect(updated.referenceTime == NTPTimestamp(seconds: 7, fraction: 0))
        #expect(abs(updated.rootDelay - 0.51) < 1e-12)
        #expect(abs(updated.rootDispersion - (0.25 + 0.005 + 0.005)) < 1e-12)
        #expect(updated.pollExponent == 7)
    }

    @Test func stratumNeverPassesSixteen() {
        let header = PeerHeader(NTPPacket(mode: .server, stratum: 15))
        let estimate = PeerEstimate(offset: 0, delay: 0, dispersion: 0, jitter: 0, time: .seconds(0))
        let updated = ClockUpdate.systemVariables(
            peer: SystemPeerSummary(header: header, estimate: estimate, referenceID: .zero),
            combined: CombinedEstimate(offset: 0, selectionJitter: 0, systemJitter: 0),
            context: ClockUpdateContext(now: .seconds(0), wallNow: .zero, precision: -20, pollExponent: 6)
        )
        #expect(updated.stratum == 16)
        #expect(!updated.isSynchronized)
    }
}
