/// The limits on ephemeral associations: the symmetric-passive and
/// broadcast-client associations a packet from an unconfigured source
/// creates (RFC 5905 §9.1). Anyone who can send a datagram can try to
/// create one, so each is bounded in number, in rate and in lifetime.
public struct EphemeralPolicy: Hashable, Sendable {
    /// Until it is reachable, an ephemeral association is removed when this
    /// many of its poll intervals pass without its peer answering one of
    /// our packets (from mobilization, then from each answer that gave no
    /// sample, as a peer still unsynchronized sends): a source that never
    /// answers (a spoofed or one-shot sender) leaves nothing behind.
    public var reachDeadlinePolls: Int
    /// The largest poll exponent an ephemeral association takes from the
    /// poll its peer announces (MAXPOLL's default, 2^10 s): the deadline
    /// above is at most `reachDeadlinePolls` × 2^this s.
    public var maximumPollExponent: Int8
    /// Mobilizations allowed per source address: on average one per this
    /// many seconds, ``mobilizationBurst`` back to back.
    public var mobilizationInterval: Double
    public var mobilizationBurst: Int
    /// Source addresses the per-source limit remembers (a bounded table;
    /// the least recently seen is forgotten first).
    public var trackedSources: Int

    public init(
        reachDeadlinePolls: Int = 4, maximumPollExponent: Int8 = 10,
        mobilizationInterval: Double = 16, mobilizationBurst: Int = 2, trackedSources: Int = 4096
    ) {
        self.reachDeadlinePolls = max(reachDeadlinePolls, 1)
        self.maximumPollExponent = maximumPollExponent
        self.mobilizationInterval = mobilizationInterval
        self.mobilizationBurst = max(mobilizationBurst, 1)
        self.trackedSources = max(trackedSources, 1)
    }

    /// The poll exponent of a new ephemeral association: the one its peer
    /// announced, no faster than `floor` and no slower than
    /// ``maximumPollExponent``.
    public func pollExponent(announced: Int8, floor: Int8) -> Int8 {
        min(max(announced, floor), max(maximumPollExponent, floor))
    }

    /// When an association mobilized (or last answered) at `start`, polling
    /// every 2^`pollExponent` s, is removed unless it has become reachable
    /// or is answered again.
    public func reachDeadline(mobilizedAt start: MonotonicInstant, pollExponent: Int8) -> MonotonicInstant {
        start + AssociationStateMachine.interval(exponent: pollExponent) * reachDeadlinePolls
    }

    var rateLimit: RateLimitPolicy {
        RateLimitPolicy(
            averageInterval: mobilizationInterval, burst: mobilizationBurst, kissInterval: .infinity,
            tableCapacity: trackedSources, associativity: 8)
    }
}
