import Dispatch
import Glibc
import OSThreads
import StateFiles
import Synchronization

/// The replay log in one file of the state directory (`notification-log`), written by its
/// own thread: each published event is queued (O(1), no copy of the log) and the thread
/// appends what is queued in one write and one fdatasync. The file holds at most twice the
/// log's limit of records: past that the thread rewrites it from its own copy of the log
/// (temporary file, fsync, rename, fsync of the directory), so the rewrite costs O(1) per
/// event. A crash loses at most the events of the write under way, and a record cut short
/// loses only itself (``EventLogEncoding``); a start rewrites the file from what it read.
public final class EventLogFile: EventLogStore {
    private struct Queue {
        var events: [NotificationEvent] = []
        var submitted: UInt64 = 0
        var written: UInt64 = 0
        var flushes: [(UInt64, CheckedContinuation<String?, Never>)] = []
        var failure: String?
    }

    public let path: String
    /// Events queued for the writer at most: the log keeps only its newest `maxEvents`, so
    /// older queued ones would be dropped by the write anyway. A disk that stalls the writer
    /// leaves memory bounded, not the queue growing with every event.
    private let pendingLimit: Int
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)

    /// Writes `log` (as loaded) to `path` at once, then appends on the writer thread.
    public init(path: String, log: EventLog) {
        self.path = path
        pendingLimit = max(log.limits.maxEvents, 1)
        var failure: String?
        do { try AtomicFile.write(EventLogEncoding.encode(log), to: path) } catch { failure = error.description }
        queue.withLock { $0.failure = failure }
        let writer = Writer(path: path, log: log, failed: failure != nil)
        OSThread.detach(name: "event-log") { [self] in run(writer) }
    }

    public func append(_ event: NotificationEvent) {
        let limit = pendingLimit
        let dropped: [NotificationEvent] = queue.withLock {
            var dropped: [NotificationEvent] = []
            if $0.events.count >= limit {
                dropped = Array($0.events.prefix($0.events.count - limit + 1))
                $0.events.removeFirst(dropped.count)
            }
            $0.events.append(event)
            $0.submitted += 1
            return dropped
        }
        _ = dropped  // released outside the lock
        wake.signal()
    }

    /// Waits until every event appended so far is on disk (shutdown); returns the last
    /// write error, if any.
    public func flush() async -> String? {
        await withCheckedContinuation { continuation in
            let done = queue.withLock { queue -> String?? in
                if queue.written >= queue.submitted { return .some(queue.failure) }
                queue.flushes.append((queue.submitted, continuation))
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// The log saved at `path`, under `limits` as of `now`; a new empty log created at `now`
    /// when there is no file, or when it is not a log (then `damaged` is true).
    public static func load(path: String, limits: EventLogLimits, now: EventTime) -> (log: EventLog, damaged: Bool) {
        guard let bytes = readAll(path) else { return (EventLog(limits: limits, creationTime: now), false) }
        if let log = EventLogEncoding.decode(bytes, limits: limits, now: now) { return (log, false) }
        return (EventLog(limits: limits, creationTime: now), true)
    }

    // MARK: The writer thread

    private func run(_ writer: Writer) {
        var writer = writer
        while true {
            wake.wait()
            let (events, target) = queue.withLock { queue -> ([NotificationEvent], UInt64) in
                defer { queue.events = [] }
                return (queue.events, queue.submitted)
            }
            guard !events.isEmpty else { continue }
            let failure = writer.write(events)
            let released = queue.withLock { queue -> [CheckedContinuation<String?, Never>] in
                queue.written = target
                if let failure { queue.failure = failure }
                let done = queue.flushes.filter { $0.0 <= target }.map(\.1)
                queue.flushes.removeAll { $0.0 <= target }
                return done
            }
            let failureNow = queue.withLock { $0.failure }
            for continuation in released { continuation.resume(returning: failureNow) }
        }
    }

    /// What the writer thread owns: the file and its own copy of the log.
    private struct Writer {
        let path: String
        var log: EventLog
        /// Records in the file (the rewrite threshold counts them).
        var records: Int
        /// The file could not be written: the next write rewrites it whole.
        var broken: Bool

        init(path: String, log: EventLog, failed: Bool) {
            self.path = path
            self.log = log
            records = log.count
            broken = failed
        }

        mutating func write(_ events: [NotificationEvent]) -> String? {
            let now = events.last?.time ?? log.creationTime
            for event in events { log.append(event, now: now) }
            if broken || records + events.count > 2 * max(log.limits.maxEvents, 1) {
                do {
                    try AtomicFile.write(EventLogEncoding.encode(log), to: path)
                } catch {
                    broken = true
                    return error.description
                }
                broken = false
                records = log.count
                return nil
            }
            var bytes: [UInt8] = []
            for event in events { EventLogEncoding.append(event, to: &bytes) }
            if let failure = Self.append(bytes, to: path) {
                broken = true
                return failure
            }
            records += events.count
            return nil
        }

        private static func append(_ bytes: [UInt8], to path: String) -> String? {
            let fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return "cannot open \(path): errno \(errno)" }
            defer { close(fd) }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return "cannot append to \(path): errno \(errno)"
                }
                offset += n
            }
            return fdatasync(fd) == 0 ? nil : "cannot fdatasync \(path): errno \(errno)"
        }
    }

    private static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }
}
