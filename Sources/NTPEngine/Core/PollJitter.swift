import NTPCore

/// Spreads poll times by a random fraction of the interval (up to 1/16, as
/// ntpd's `poll_update()` does), so two symmetric peers polling at the same
/// rate drift apart instead of sending packets that cross on the wire and
/// fail each other's origin check forever. The generator is seeded, so a
/// test replays exactly.
struct PollJitter: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    /// `deadline` pushed later by up to 1/16 of the time until it.
    mutating func spread(_ deadline: MonotonicInstant, now: MonotonicInstant) -> MonotonicInstant {
        let interval = deadline.nanoseconds - now.nanoseconds
        guard interval > 0 else { return deadline }
        let fraction = Double(next() >> 11) / Double(1 << 53) / 16
        return MonotonicInstant(nanoseconds: deadline.nanoseconds + Int64(Double(interval) * fraction))
    }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
