/// OpenSSH's `MaxStartups start:rate:full` for connections that have not authenticated yet.
///
/// While fewer than `start` connections are logging in, a new one is accepted; from `start`
/// on, a new one is refused with a probability of `rate` percent, rising linearly to 100% at
/// `full`; at `full` every new one is refused (sshd_config(5)). `N` alone means `N:100:N`, a
/// hard limit.
public struct MaxStartups: Sendable, Equatable, CustomStringConvertible {
    public let start: Int
    public let rate: Int
    public let full: Int

    /// nil unless 1 <= start <= full and 1 <= rate <= 100 (sshd refuses the same values).
    public init?(start: Int, rate: Int, full: Int) {
        guard start >= 1, start <= full, (1...100).contains(rate) else { return nil }
        self.start = start
        self.rate = rate
        self.full = full
    }

    /// Parses `START:RATE:FULL` or `N`, as `--max-startups` takes it.
    public init?(parsing text: String) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        let numbers = fields.compactMap { field in field.allSatisfy(\.isASCII) ? Int(field) : nil }
        guard numbers.count == fields.count else { return nil }
        switch numbers.count {
        case 1: self.init(start: numbers[0], rate: 100, full: numbers[0])
        case 3: self.init(start: numbers[0], rate: numbers[1], full: numbers[2])
        default: return nil
        }
    }

    /// meridiand's default, 32:30:128 (see README, "Before login"): random early drop starts
    /// at four times the per-source limit, so no single address can start it, and the hard
    /// limit is half of the 256 the daemon had before.
    public static let `default` = MaxStartups(start: 32, rate: 30, full: 128)!

    /// The chance, in percent, that a new connection is refused while `unauthenticated`
    /// connections exist (OpenSSH's `should_drop_connection`).
    public func dropPercent(unauthenticated: Int) -> Int {
        if unauthenticated < start { return 0 }
        if unauthenticated >= full { return 100 }
        return rate + (100 - rate) * (unauthenticated - start) / (full - start)
    }

    public var description: String { "\(start):\(rate):\(full)" }
}
