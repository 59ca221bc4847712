/// Counts connections refused at accept, so that a flood of them makes one log line per
/// interval rather than one per connection.
struct PreLoginRefusals: Equatable {
    struct Summary: Equatable {
        var perSource = 0
        var full = 0
        var earlyDrop = 0
    }

    private var counts = Summary()
    private var lastSummary: ContinuousClock.Instant?

    mutating func record(_ decision: PreLoginAdmission.Decision) {
        switch decision {
        case .admit: break
        case .refusedPerSource: counts.perSource += 1
        case .refusedFull: counts.full += 1
        case .refusedEarlyDrop: counts.earlyDrop += 1
        }
    }

    /// The counts since the last summary, if there are any and `every` has passed since then.
    mutating func summary(now: ContinuousClock.Instant, every interval: Duration) -> Summary? {
        guard counts != Summary() else { return nil }
        if let lastSummary, now - lastSummary < interval { return nil }
        defer { counts = Summary(); lastSummary = now }
        return counts
    }
}
