@testable import SSHTransport
import TestSupport
import Testing

/// Makes `Int.random(in: 0..<100, using:)` return `value` every time.
struct FixedDraw: RandomNumberGenerator {
    let value: Int
    mutating func next() -> UInt64 { (UInt64.max / 100) * UInt64(value) + UInt64.max / 200 }
}

@Suite struct PreLoginAdmissionTests {
    static let limits = MaxStartups(start: 10, rate: 30, full: 20)!

    @Test func fixedDrawDrawsWhatItSays() {
        for value in [0, 1, 29, 30, 99] {
            var draw = FixedDraw(value: value)
            #expect(Int.random(in: 0..<100, using: &draw) == value)
        }
    }

    @Test func oneAddressIsHeldToItsLimitWhileOthersStillGetIn() {
        var admission = PreLoginAdmission(maxStartups: Self.limits, perSource: 3)
        var draw = FixedDraw(value: 0)
        let flood = (0..<300).map { _ in admission.admit(from: "127.0.0.2", using: &draw) }
        #expect(flood.filter { $0 == .admit }.count == 3)
        #expect(flood.dropFirst(3).allSatisfy { $0 == .refusedPerSource })
        #expect(admission.admit(from: "127.0.0.3", using: &draw) == .admit)
        #expect(admission.total == 4)
        #expect(admission.count(from: "127.0.0.2") == 3)
    }

    @Test func releaseMakesRoomForTheSameAddress() {
        var admission = PreLoginAdmission(maxStartups: Self.limits, perSource: 1)
        var draw = FixedDraw(value: 0)
        #expect(admission.admit(from: "192.0.2.1", using: &draw) == .admit)
        #expect(admission.admit(from: "192.0.2.1", using: &draw) == .refusedPerSource)
        admission.release(from: "192.0.2.1")
        #expect(admission.total == 0)
        #expect(admission.admit(from: "192.0.2.1", using: &draw) == .admit)
    }

    @Test func releaseOfAnUnknownAddressChangesNothing() {
        var admission = PreLoginAdmission(maxStartups: Self.limits, perSource: nil)
        var draw = FixedDraw(value: 0)
        _ = admission.admit(from: "a", using: &draw)
        admission.release(from: "b")
        #expect(admission.total == 1)
    }

    @Test func belowStartEveryConnectionIsAdmitted() {
        var admission = PreLoginAdmission(maxStartups: Self.limits, perSource: nil)
        var alwaysDrop = FixedDraw(value: 0)
        let decisions = (0..<10).map { admission.admit(from: "10.0.0.\($0)", using: &alwaysDrop) }
        #expect(decisions.allSatisfy { $0 == .admit })
        // At start the draw decides: 0 < 30 drops, 30 does not.
        #expect(admission.admit(from: "10.0.1.1", using: &alwaysDrop) == .refusedEarlyDrop)
        var neverDrop = FixedDraw(value: 30)
        #expect(admission.admit(from: "10.0.1.1", using: &neverDrop) == .admit)
    }

    @Test func atFullEveryConnectionIsRefused() {
        var admission = PreLoginAdmission(maxStartups: Self.limits, perSource: nil)
        var neverDrop = FixedDraw(value: 99)
        for index in 0..<20 { _ = admission.admit(from: "10.0.0.\(index)", using: &neverDrop) }
        #expect(admission.total == 20)
        #expect(admission.admit(from: "10.0.9.9", using: &neverDrop) == .refusedFull)
    }

    @Test func earlyDropRefusesAboutTheAdvertisedShare() {
        // With 15 of 10:30:20 logging in, a new connection is refused with 30 + 70 * 5 / 10 = 65%.
        var random = SeededGenerator(seed: 42)
        var refused = 0
        for _ in 0..<10_000 {
            var admission = PreLoginAdmission(maxStartups: Self.limits, perSource: nil)
            var neverDrop = FixedDraw(value: 99)
            for index in 0..<15 { _ = admission.admit(from: "10.0.0.\(index)", using: &neverDrop) }
            if admission.admit(from: "198.51.100.1", using: &random) == .refusedEarlyDrop { refused += 1 }
        }
        #expect((6_200...6_800).contains(refused), "refused \(refused) of 10000")
    }

    @Test func withTheDefaultsOneAddressNeverStartsEarlyDrop() {
        var admission = PreLoginAdmission(
            maxStartups: .default, perSource: SSHServerConfiguration.defaultPerSourceMaxStartups)
        var alwaysDrop = FixedDraw(value: 0)
        for _ in 0..<300 { _ = admission.admit(from: "127.0.0.2", using: &alwaysDrop) }
        #expect(admission.admit(from: "127.0.0.3", using: &alwaysDrop) == .admit)
    }
}
