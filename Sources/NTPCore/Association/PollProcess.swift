/// The poll-interval state of an association (RFC 5905 §13, `poll()` and
/// `poll_update()`): host and peer poll exponents, burst progress, and the
/// next poll time.
struct PollProcess: Hashable, Sendable {
    /// hpoll: the exponent this side polls at.
    var hostPoll: Int8
    /// ppoll: the exponent the peer last announced.
    var peerPoll: Int8
    /// Packets still to send in the current burst after this one.
    var burstRemaining = 0
    /// When the last poll went out.
    var lastPollAt: MonotonicInstant?
    var nextPollAt: MonotonicInstant

    init(configuration: AssociationConfiguration, start: MonotonicInstant) {
        self.hostPoll = configuration.minimumPollExponent
        self.peerPoll = configuration.maximumPollExponent
        self.nextPollAt = start
    }

    var inBurst: Bool { burstRemaining > 0 }

    /// Recomputes the next poll time (`poll_update`): the burst spacing
    /// inside a burst, otherwise 2^min(hpoll, ppoll) after the last poll
    /// (sub-second exponents included), and never in the past.
    mutating func reschedule(now: MonotonicInstant, configuration: AssociationConfiguration) -> MonotonicInstant {
        hostPoll = configuration.clampPoll(hostPoll)
        if inBurst {
            // At laboratory polls a burst is no slower than half a poll.
            nextPollAt = now + min(configuration.burstPolicy.spacing, Self.interval(configuration.minimumPollExponent) / 2)
        } else {
            let exponent = max(min(peerPoll, hostPoll), configuration.minimumPollExponent)
            nextPollAt = (lastPollAt ?? now) + Self.interval(exponent)
        }
        if nextPollAt <= now { nextPollAt = now + min(.seconds(1), Self.interval(configuration.minimumPollExponent)) }
        return nextPollAt
    }

    /// Lowers the host poll to `limit`'s cap and brings the next poll
    /// forward to match; returns the new time when it moved (a past time
    /// means the poll is due at once). Bursts keep their own spacing.
    mutating func capped(to limit: UnsynchronizedPollLimit, configuration: AssociationConfiguration) -> MonotonicInstant? {
        let cap = limit.cap(minimum: configuration.minimumPollExponent, maximum: configuration.maximumPollExponent)
        guard hostPoll > cap, !inBurst else { return nil }
        hostPoll = cap
        let exponent = max(min(peerPoll, hostPoll), configuration.minimumPollExponent)
        let due = (lastPollAt ?? nextPollAt) + Self.interval(exponent)
        guard due < nextPollAt else { return nil }
        nextPollAt = due
        return due
    }

    /// 2^exponent seconds, exact to the nanosecond also below one second
    /// (the YANG range allows 2^-6 s for laboratories).
    static func interval(_ exponent: Int8) -> Duration {
        exponent >= 0
            ? .seconds(Int64(1) << Int64(exponent))
            : .nanoseconds(1_000_000_000 >> Int64(-exponent))
    }
}
