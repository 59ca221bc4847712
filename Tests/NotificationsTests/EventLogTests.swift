import Notifications
import Testing

func event(_ seconds: Double, _ name: String = "e") -> NotificationEvent {
    NotificationEvent(time: EventTime(unixSeconds: seconds), module: "m", name: name, contentXML: "<\(name) xmlns=\"urn:x\"/>")
}

@Suite struct EventLogTests {
    @Test func keepsTheNewestUpToTheCount() {
        var log = EventLog(limits: EventLogLimits(maxEvents: 3, maxAgeSeconds: 1000), creationTime: EventTime(unixSeconds: 0))
        for second in 1...10 { log.append(event(Double(second)), now: EventTime(unixSeconds: Double(second))) }
        #expect(log.events.map(\.time.unixSeconds) == [8, 9, 10])
    }

    @Test func dropsWhatIsOlderThanTheAge() {
        var log = EventLog(limits: EventLogLimits(maxEvents: 100, maxAgeSeconds: 5), creationTime: EventTime(unixSeconds: 0))
        for second in 1...10 { log.append(event(Double(second)), now: EventTime(unixSeconds: Double(second))) }
        #expect(log.events.map(\.time.unixSeconds) == [5, 6, 7, 8, 9, 10])
        log.prune(now: EventTime(unixSeconds: 100))
        #expect(log.count == 0)
    }

    @Test func replaySelectsFromStartToStopInclusive() {
        var log = EventLog(limits: EventLogLimits(), creationTime: EventTime(unixSeconds: 0))
        for second in 1...5 { log.append(event(Double(second)), now: EventTime(unixSeconds: 5)) }
        #expect(log.replay(from: EventTime(unixSeconds: 2), to: EventTime(unixSeconds: 4)).map(\.time.unixSeconds) == [2, 3, 4])
        #expect(log.replay(from: EventTime(unixSeconds: 4), to: nil).map(\.time.unixSeconds) == [4, 5])
        #expect(log.replay(from: EventTime(unixSeconds: 6), to: nil).isEmpty)
    }

    @Test func aZeroSizedLogKeepsNothing() {
        var log = EventLog(limits: EventLogLimits(maxEvents: 0), creationTime: EventTime(unixSeconds: 0))
        log.append(event(1), now: EventTime(unixSeconds: 1))
        #expect(log.count == 0)
    }

    @Test func encodingRoundTripsAndACutRecordLosesOnlyItself() throws {
        var log = EventLog(limits: EventLogLimits(), creationTime: EventTime(unixSeconds: 7))
        log.append(NotificationEvent(time: EventTime(unixSeconds: 8.5), module: "m", name: "a", contentXML: "<a xmlns=\"u\">line\none é</a>"),
                   now: EventTime(unixSeconds: 9))
        log.append(event(9, "b"), now: EventTime(unixSeconds: 9))
        let bytes = EventLogEncoding.encode(log)
        let decoded = try #require(EventLogEncoding.decode(bytes, limits: EventLogLimits(), now: EventTime(unixSeconds: 9)))
        #expect(Array(decoded.events) == Array(log.events))
        #expect(decoded.creationTime == EventTime(unixSeconds: 7))
        let cut = try #require(EventLogEncoding.decode(Array(bytes.dropLast(3)), limits: EventLogLimits(), now: EventTime(unixSeconds: 9)))
        #expect(cut.events.map(\.name) == ["a"])
        #expect(EventLogEncoding.decode(Array("not a log\n".utf8), limits: EventLogLimits(), now: EventTime(unixSeconds: 9)) == nil)
    }

    @Test func decodingAppliesTheLimitsOfThisRun() throws {
        var log = EventLog(limits: EventLogLimits(), creationTime: EventTime(unixSeconds: 0))
        for second in 1...10 { log.append(event(Double(second)), now: EventTime(unixSeconds: 10)) }
        let decoded = try #require(EventLogEncoding.decode(
            EventLogEncoding.encode(log), limits: EventLogLimits(maxEvents: 4, maxAgeSeconds: 3), now: EventTime(unixSeconds: 10)))
        #expect(decoded.events.map(\.time.unixSeconds) == [7, 8, 9, 10])
    }
}
