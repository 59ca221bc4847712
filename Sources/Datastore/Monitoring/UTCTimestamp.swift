import Glibc

/// `yang:date-and-time` strings (RFC 6991) in UTC, e.g. `2026-11-25T11:57:39Z`.
public enum UTCTimestamp {
    public static func now() -> String { format(secondsSinceEpoch: time(nil)) }

    public static func format(secondsSinceEpoch seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
