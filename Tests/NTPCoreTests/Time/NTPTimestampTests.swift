import TestSupport
import Testing
@testable import NTPCore

@Suite struct NTPTimestampTests {
    @Test func splitsSecondsAndFraction() {
        let timestamp = NTPTimestamp(seconds: 0xE000_0001, fraction: 0x8000_0000)
        #expect(timestamp.rawValue == 0xE000_0001_8000_0000)
        #expect(timestamp.seconds == 0xE000_0001)
        #expect(timestamp.fraction == 0x8000_0000)
    }

    @Test func differenceIsSignedAndFractional() {
        let earlier = NTPTimestamp(seconds: 100, fraction: 0)
        let later = NTPTimestamp(seconds: 101, fraction: 0x4000_0000)
        #expect((later - earlier).seconds == 1.25)
        #expect((earlier - later).seconds == -1.25)
        #expect((later - earlier).fixedPoint == 0x1_4000_0000)
    }

    @Test func differenceAcrossThe2036RolloverIsSmall() {
        let beforeRollover = NTPTimestamp(seconds: 0xFFFF_FFFF, fraction: 0)
        let afterRollover = NTPTimestamp(seconds: 1, fraction: 0)
        #expect((afterRollover - beforeRollover).seconds == 2)
        #expect((beforeRollover + NTPInterval(seconds: 2)) == afterRollover)
    }

    @Test func intervalConvertsToDuration() {
        let interval = NTPInterval(seconds: -1.5)
        #expect(interval.duration == .milliseconds(-1500))
        #expect(NTPInterval(seconds: 0.25).duration == .milliseconds(250))
    }

    @Test func intervalSaturatesOutOfRange() {
        #expect(NTPInterval(seconds: 1e30).fixedPoint == .max)
        #expect(NTPInterval(seconds: -1e30).fixedPoint == .min)
        #expect(NTPInterval(seconds: .nan).fixedPoint == 0)
    }
}

@Suite struct NTPInstantTests {
    @Test func unixEpochMapsToKnownNTPSeconds() {
        let epoch = NTPInstant(unixSeconds: 0, nanoseconds: 500_000_000)
        #expect(epoch.secondsSincePrimeEpoch == 2_208_988_800)
        #expect(epoch.fraction == 0x8000_0000)
        #expect(epoch.timestamp == NTPTimestamp(seconds: 2_208_988_800, fraction: 0x8000_0000))
        #expect(epoch.unixSeconds == 0)
        #expect(epoch.nanoseconds == 500_000_000)
    }

    @Test func eraOneStartsIn2036() {
        // 2036-02-07 06:28:16 UTC is Unix time 2085978496.
        let rollover = NTPInstant(unixSeconds: 2_085_978_496, nanoseconds: 0)
        #expect(rollover.era == 1)
        #expect(rollover.eraOffset == 0)
        #expect(rollover.timestamp == .zero)
    }

    @Test func timestampResolvesToTheEraClosestToThePivot() {
        let pivot = NTPInstant(unixSeconds: 2_085_978_490, nanoseconds: 0)  // era 0, just before rollover
        let afterRollover = NTPTimestamp(seconds: 10, fraction: 0)
        let resolved = afterRollover.instant(nearestTo: pivot)
        #expect(resolved.era == 1)
        #expect(resolved.eraOffset == 10)
        #expect(resolved.seconds(since: pivot) == 16)

        let beforeRollover = NTPTimestamp(seconds: 0xFFFF_FFF0, fraction: 0)
        let laterPivot = NTPInstant(timestamp: NTPTimestamp(seconds: 5, fraction: 0), era: 1)
        let back = beforeRollover.instant(nearestTo: laterPivot)
        #expect(back.era == 0)
        #expect(back.eraOffset == 0xFFFF_FFF0)
    }

    @Test func roundTripsThroughTimestampAndEra() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1000 {
            let instant = NTPInstant(
                secondsSincePrimeEpoch: Int64.random(in: -(1 << 34)...(1 << 34), using: &generator),
                fraction: UInt32.random(in: .min ... .max, using: &generator)
            )
            #expect(NTPInstant(timestamp: instant.timestamp, era: instant.era) == instant)
            let pivot = instant + NTPInterval(seconds: Double.random(in: -2e9...2e9, using: &generator))
            #expect(instant.timestamp.instant(nearestTo: pivot) == instant)
        }
    }

    @Test func addingNegativeIntervalsBorrowsFromSeconds() {
        let instant = NTPInstant(secondsSincePrimeEpoch: 10, fraction: 0)
        let earlier = instant + NTPInterval(seconds: -0.25)
        #expect(earlier.secondsSincePrimeEpoch == 9)
        #expect(earlier.fraction == 0xC000_0000)
    }
}

@Suite struct NTPShortFormatTests {
    @Test func convertsSecondsAndClamps() {
        #expect(NTPShortFormat(seconds: 1.5).rawValue == 0x0001_8000)
        #expect(NTPShortFormat(seconds: 1.5).seconds == 1.5)
        #expect(NTPShortFormat(seconds: -3).rawValue == 0)
        #expect(NTPShortFormat(seconds: 1e9).rawValue == .max)
    }
}

@Suite struct MonotonicInstantTests {
    @Test func arithmeticWithDurations() {
        let start = MonotonicInstant(nanoseconds: 1_000)
        let later = start + .seconds(2)
        #expect(later.nanoseconds == 2_000_001_000)
        #expect(later - start == .seconds(2))
        #expect((later - start).secondsValue == 2)
        #expect(MonotonicInstant.seconds(1.5).nanoseconds == 1_500_000_000)
    }
}
