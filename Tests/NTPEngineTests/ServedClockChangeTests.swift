import Testing
@testable import NTPCore
@testable import NTPEngine

/// Which events a change of the served system variables makes.
@Suite struct ServedClockChangeTests {
    static let unsynchronized = SystemVariables.unsynchronized(precision: -20)

    static func synchronized(stratum: UInt8 = 3, leap: LeapIndicator = .noWarning) -> SystemVariables {
        SystemVariables(leap: leap, stratum: stratum, precision: -20, referenceID: ReferenceID(ipv4: 10, 0, 0, 1))
    }

    @Test func synchronizingReportsTheNewStratumAndReferenceOnly() {
        let events = ServedClockChange.events(from: Self.unsynchronized, to: Self.synchronized(), offset: 0.25)
        #expect(events == [.synchronizationChanged(.init(
            from: .unsynchronized, to: .synchronized, stratum: 3, referenceID: ReferenceID(ipv4: 10, 0, 0, 1), offset: 0.25))])
    }

    @Test func losingSynchronizationIsOneEventWhateverElseChanges() {
        let events = ServedClockChange.events(from: Self.synchronized(leap: .lastMinuteHas61Seconds), to: Self.unsynchronized, offset: 0)
        #expect(events == [.synchronizationChanged(.init(
            from: .synchronized, to: .unsynchronized, stratum: 16, referenceID: ReferenceID(ascii: "INIT"), offset: 0))])
    }

    @Test func aStratumChangeWhileSynchronizedIsReported() {
        #expect(ServedClockChange.events(from: Self.synchronized(stratum: 3), to: Self.synchronized(stratum: 5), offset: 0)
            == [.stratumChanged(from: 3, to: 5)])
        #expect(ServedClockChange.events(from: Self.synchronized(), to: Self.synchronized(), offset: 0).isEmpty)
    }

    @Test func aLeapSecondIsReportedWhenAnnouncedChangedOrWithdrawn() {
        let none = Self.synchronized()
        let insert = Self.synchronized(leap: .lastMinuteHas61Seconds)
        let delete = Self.synchronized(leap: .lastMinuteHas59Seconds)
        #expect(ServedClockChange.events(from: none, to: insert, offset: 0) == [.leapSecondAnnouncement(.lastMinuteHas61Seconds)])
        #expect(ServedClockChange.events(from: insert, to: insert, offset: 0).isEmpty)
        #expect(ServedClockChange.events(from: insert, to: delete, offset: 0) == [.leapSecondAnnouncement(.lastMinuteHas59Seconds)])
        #expect(ServedClockChange.events(from: delete, to: none, offset: 0) == [.leapSecondAnnouncement(.noWarning)])
        // Synchronizing straight into an announcement: both, synchronization first.
        #expect(ServedClockChange.events(from: Self.unsynchronized, to: insert, offset: 0).map(\.isLeap) == [false, true])
    }
}

extension EngineEvent {
    var isLeap: Bool { if case .leapSecondAnnouncement = self { true } else { false } }
}
