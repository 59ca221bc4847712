import Glibc
import StateFiles

/// The replay log in one file of the state directory (`notification-log`), replaced
/// atomically (temporary file, fsync, rename, fsync of the directory) by a group-commit
/// writer thread: saves that come while a write is under way are coalesced, and the log is
/// encoded on that thread, only for the newest one. A crash loses at most the events of the
/// write under way; the file is never half written.
public final class EventLogFile: EventLogStore {
    public let path: String
    private let writer: GroupCommitWriter

    public init(path: String) {
        self.path = path
        writer = GroupCommitWriter(path: path)
    }

    public func save(_ log: EventLog) {
        _ = writer.submit { () throws(AtomicFile.WriteError) in EventLogEncoding.encode(log) }
    }

    /// Waits until everything saved is on disk (shutdown); a failed write's description is
    /// returned.
    public func flush() async -> String? {
        do {
            try await writer.waitDurable(writer.submittedGeneration)
            return nil
        } catch {
            return error.description
        }
    }

    /// The log saved at `path`, under `limits` as of `now`; a new empty log created at `now`
    /// when there is no file, or when it is not a log (then `damaged` is true).
    public static func load(path: String, limits: EventLogLimits, now: EventTime) -> (log: EventLog, damaged: Bool) {
        guard let bytes = readAll(path) else { return (EventLog(limits: limits, creationTime: now), false) }
        if let log = EventLogEncoding.decode(bytes, limits: limits, now: now) { return (log, false) }
        return (EventLog(limits: limits, creationTime: now), true)
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
