/// The replay log's file format, pure: a header line with the log's creation time, then one
/// record per event, a line `MICROSECONDS MODULE NAME BYTES` followed by that many bytes of
/// content and a newline. Decoding stops at the first damaged record (a write cut short
/// leaves the events before it).
public enum EventLogEncoding {
    static let magic = "meridian-event-log 1"

    public static func encode(_ log: EventLog) -> [UInt8] {
        var bytes = Array("\(magic) \(log.creationTime.microseconds)\n".utf8)
        for event in log.events { append(event, to: &bytes) }
        return bytes
    }

    /// One event's record, as appended after the others.
    public static func append(_ event: NotificationEvent, to bytes: inout [UInt8]) {
        let content = event.contentXML.utf8
        bytes += "\(event.time.microseconds) \(event.module) \(event.name) \(content.count)\n".utf8
        bytes += content
        bytes.append(0x0A)
    }

    /// The log the bytes hold, under `limits` (events beyond them dropped as of `now`); nil
    /// when the header is not this format's.
    public static func decode(_ bytes: [UInt8], limits: EventLogLimits, now: EventTime) -> EventLog? {
        var index = 0
        func line() -> [Substring]? {
            guard let end = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            index = end + 1
            return text.split(separator: " ", omittingEmptySubsequences: false)
        }
        guard let header = line(), header.count == 3, "\(header[0]) \(header[1])" == magic,
              let created = Int64(header[2]) else { return nil }
        var events: [NotificationEvent] = []
        while index < bytes.count, let fields = line(), fields.count == 4,
              let micros = Int64(fields[0]), let length = Int(fields[3]), length >= 0,
              index + length < bytes.count, bytes[index + length] == 0x0A {
            let content = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
            index += length + 1
            events.append(NotificationEvent(
                time: EventTime(microseconds: micros), module: String(fields[1]), name: String(fields[2]), contentXML: content))
        }
        var log = EventLog(limits: limits, creationTime: EventTime(microseconds: created), events: events)
        log.prune(now: now)
        return log
    }
}
