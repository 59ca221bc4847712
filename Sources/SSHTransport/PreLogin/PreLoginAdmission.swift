/// Decides at accept time whether a new connection may start its login: at most
/// `perSource` connections from one address may be unauthenticated at once, and the total
/// follows `MaxStartups` random early drop. Counts, no sockets and no clock; the random
/// draw comes from the caller's generator.
///
/// Every admitted connection is counted until `release` (it authenticated, or it ended).
struct PreLoginAdmission {
    enum Decision: Equatable {
        case admit
        /// The source address already has `perSource` connections logging in.
        case refusedPerSource
        /// `full` connections are logging in.
        case refusedFull
        /// Between `start` and `full`: refused by the random draw.
        case refusedEarlyDrop
    }

    let maxStartups: MaxStartups
    /// nil: no per-address limit (OpenSSH's `PerSourceMaxStartups none`).
    let perSource: Int?
    /// Unauthenticated connections admitted and not yet released.
    private(set) var total = 0
    private var bySource: [String: Int] = [:]

    init(maxStartups: MaxStartups, perSource: Int?) {
        self.maxStartups = maxStartups
        self.perSource = perSource
    }

    /// Unauthenticated connections from `source` admitted and not yet released.
    func count(from source: String) -> Int { bySource[source] ?? 0 }

    /// Admits (and counts) a connection from `source`, or says why not.
    mutating func admit(from source: String, using random: inout some RandomNumberGenerator) -> Decision {
        if let perSource, count(from: source) >= perSource { return .refusedPerSource }
        if total >= maxStartups.full { return .refusedFull }
        let percent = maxStartups.dropPercent(unauthenticated: total)
        if percent > 0, Int.random(in: 0..<100, using: &random) < percent { return .refusedEarlyDrop }
        total += 1
        bySource[source, default: 0] += 1
        return .admit
    }

    /// The connection from `source` authenticated or ended: it no longer counts.
    mutating func release(from source: String) {
        guard let n = bySource[source] else { return }
        total -= 1
        bySource[source] = n > 1 ? n - 1 : nil
    }
}
