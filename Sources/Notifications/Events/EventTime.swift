/// When an event happened: seconds since the Unix epoch (UTC), with a fraction. Rendered as
/// an RFC 3339 / `yang:date-and-time` string in UTC with microseconds, the `<eventTime>` of
/// RFC 5277 §4. Pure: the time is given, never read here.
public struct EventTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole microseconds since the epoch: two events compare and replay-select exactly as
    /// their rendered times do.
    public let microseconds: Int64

    public init(unixSeconds: Double) {
        microseconds = Int64((unixSeconds * 1_000_000).rounded())
    }

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public var unixSeconds: Double { Double(microseconds) / 1_000_000 }

    public static func < (lhs: EventTime, rhs: EventTime) -> Bool { lhs.microseconds < rhs.microseconds }

    /// `2026-12-07T22:55:03.123456Z`.
    public var description: String {
        let (seconds, micros) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let (wholeSeconds, fraction) = micros < 0 ? (seconds - 1, micros + 1_000_000) : (seconds, micros)
        let (days, secondOfDay) = wholeSeconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let date = CivilDate(daysSinceEpoch: day)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2) + "T" + pad(second / 3600, 2) + ":"
            + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2) + "." + pad(fraction, 6) + "Z"
    }
}
