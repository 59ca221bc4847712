import Glibc
import Notifications
import Testing

@Suite struct EventLogFileTests {
    func temporaryDirectory() throws -> String {
        var template = Array("/tmp/meridian-eventlog-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: try #require(made))
    }

    @Test func appendedEventsAreReadBackAfterARestartWithinTheLimits() async throws {
        let path = try temporaryDirectory() + "/notification-log"
        let limits = EventLogLimits(maxEvents: 3, maxAgeSeconds: 1000)
        let (empty, damaged) = EventLogFile.load(path: path, limits: limits, now: EventTime(unixSeconds: 1))
        #expect(empty.count == 0 && !damaged)
        let file = EventLogFile(path: path, log: empty)
        for second in 1...10 { file.append(event(Double(second))) }
        #expect(await file.flush() == nil)
        let (loaded, _) = EventLogFile.load(path: path, limits: limits, now: EventTime(unixSeconds: 11))
        #expect(loaded.events.map(\.time.unixSeconds) == [8, 9, 10])
        #expect(loaded.creationTime == EventTime(unixSeconds: 1))
    }

    @Test func aFileThatIsNotALogStartsANewOne() throws {
        let path = try temporaryDirectory() + "/notification-log"
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        _ = write(fd, "garbage\n", 8)
        close(fd)
        let (log, damaged) = EventLogFile.load(path: path, limits: EventLogLimits(), now: EventTime(unixSeconds: 5))
        #expect(damaged && log.count == 0 && log.creationTime == EventTime(unixSeconds: 5))
    }
}
