/// The poll rule of meridian-ntp `unsync-max-poll`: while the system clock is
/// unsynchronized, an association polls no slower than 2^`maximumPollExponent` s,
/// and each unanswered poll shortens its interval by `decrement` (log2 s).
///
/// The association's own range wins over both: the cap is raised to its
/// minpoll when it is below it (minpoll is the shortest interval the operator
/// allows towards that server) and a decrease stops at minpoll. An unanswered
/// poll decreases the interval instead of backing it off (RFC 5905's
/// unreachable back-off is for a clock that has time already); an answered one
/// takes the RFC 5905 interval, capped. Once the clock is synchronized the
/// limit no longer applies and the RFC 5905 rules alone set the interval.
public struct UnsynchronizedPollLimit: Hashable, Sendable {
    /// poll-interval: the longest interval while unsynchronized, log2 s.
    public var maximumPollExponent: Int8
    /// dec-step: how much each unanswered poll shortens the interval, log2 s.
    public var decrement: UInt8

    public init(maximumPollExponent: Int8, decrement: UInt8) {
        self.maximumPollExponent = maximumPollExponent
        self.decrement = decrement
    }

    /// The cap inside an association's `minimum...maximum` poll range.
    public func cap(minimum: Int8, maximum: Int8) -> Int8 {
        min(max(maximumPollExponent, minimum), max(maximum, minimum))
    }

    /// The host poll exponent after a poll while unsynchronized.
    /// - Parameters:
    ///   - regular: what RFC 5905 would poll at next (system poll when
    ///     reachable, backed off when unreachable).
    ///   - previous: the host poll exponent the poll just made was sent with.
    ///   - answered: whether the poll before this one was answered.
    public func hostPoll(regular: Int8, previous: Int8, answered: Bool, minimum: Int8, maximum: Int8) -> Int8 {
        let cap = cap(minimum: minimum, maximum: maximum)
        guard !answered else { return max(min(regular, cap), minimum) }
        let decreased = Int(min(previous, cap)) - Int(decrement)
        return Int8(max(decreased, Int(minimum)))
    }
}
