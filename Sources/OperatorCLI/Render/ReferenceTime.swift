/// The reference time as VRP shows it: `06:52:33.465 UTC Sep 19 2013(D5E5C6D1.770A3D70)`,
/// from a yang:date-and-time. The NTP timestamp is computed here (seconds since 1900 and the
/// binary fraction), without reading any clock.
enum ReferenceTime {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    struct Parsed {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        var fraction: String  // digits after the point
        var offsetSeconds: Int
    }

    static func display(_ text: String?) -> String {
        guard let text, let parsed = parse(text) else { return text ?? "-" }
        let days = daysFromCivil(year: parsed.year, month: parsed.month, day: parsed.day)
        let seconds = days * 86_400 + parsed.hour * 3_600 + parsed.minute * 60 + parsed.second - parsed.offsetSeconds
        let ntpSeconds = UInt64(truncatingIfNeeded: seconds + 2_208_988_800) & 0xffff_ffff
        let fractionValue = Double("0." + (parsed.fraction.isEmpty ? "0" : parsed.fraction)) ?? 0
        let ntpFraction = UInt64(fractionValue * 4_294_967_296.0) & 0xffff_ffff
        // The shown clock time is UTC: shift the civil fields by the offset.
        let utc = civil(fromSeconds: seconds)
        let milliseconds = String(parsed.fraction.prefix(3)).padding(toLength3: ())
        let time = "\(two(utc.hour)):\(two(utc.minute)):\(two(utc.second)).\(milliseconds)"
        return "\(time) UTC \(months[utc.month - 1]) \(utc.day) \(utc.year)(\(hex(ntpSeconds)).\(hex(ntpFraction)))"
    }

    static func parse(_ text: String) -> Parsed? {
        let chars = Array(text)
        guard chars.count >= 20, chars[4] == "-", chars[7] == "-", chars[10] == "T" || chars[10] == "t" else { return nil }
        func number(_ from: Int, _ length: Int) -> Int? { Int(String(chars[from..<from + length])) }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month) else { return nil }
        var index = 19
        var fraction = ""
        if index < chars.count, chars[index] == "." {
            index += 1
            while index < chars.count, chars[index].isASCIIDigit {
                fraction.append(chars[index])
                index += 1
            }
        }
        var offset = 0
        if index < chars.count, chars[index] == "+" || chars[index] == "-", index + 6 <= chars.count,
           let hours = number(index + 1, 2), let minutes = number(index + 4, 2) {
            offset = (hours * 3_600 + minutes * 60) * (chars[index] == "-" ? -1 : 1)
        }
        return Parsed(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                      fraction: fraction, offsetSeconds: offset)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromSeconds seconds: Int) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day, rest / 3_600, rest % 3_600 / 60, rest % 60)
    }

    static func two(_ value: Int) -> String { String(value).leftPadded(to: 2) }

    static func hex(_ value: UInt64) -> String { String(value, radix: 16, uppercase: true).leftPadded(to: 8) }
}

extension String {
    /// Three digits of milliseconds, zero-filled on the right.
    fileprivate func padding(toLength3: Void) -> String {
        count >= 3 ? self : self + String(repeating: "0", count: 3 - count)
    }
}
