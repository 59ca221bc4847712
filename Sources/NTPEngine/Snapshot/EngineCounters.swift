/// Packet counters since start or the last reset.
public struct EngineCounters: Hashable, Sendable, Codable {
    public var packetsSent = 0
    public var packetsReceived = 0
    /// Every received packet that was not used (the sum of the reasons
    /// below and of sanity-check rejections).
    public var packetsDropped = 0
    /// Not NTP, truncated, oversized, unsupported version or mode, or for
    /// no association.
    public var badPackets = 0
    /// Unknown-key, untrusted or wrong MACs, wrong keys and crypto-NAKs.
    public var authenticationFailures = 0
    /// Packets without a MAC dropped because authentication is required
    /// (authentication enabled, or an association with a key).
    public var unauthenticatedDropped = 0
    public var kissCodesSent = 0
    public var kissCodesReceived = 0
    /// Requests answered with time.
    public var requestsServed = 0
    /// Requests dropped by the rate limiter (after a KoD).
    public var rateLimited = 0
    /// Packets refused by access rules or from a non-serving socket.
    public var accessDenied = 0
    /// Packets an association rejected in its sanity checks (duplicate,
    /// bogus origin, unsynchronized server, excessive distance).
    public var sanityCheckFailures = 0
    /// Packets that would have created an ephemeral association and did
    /// not: the table was full, the source is configured or already has
    /// one, or it created too many recently (access and authentication
    /// refusals are counted under their own reasons).
    public var ephemeralRefused = 0
    /// Ephemeral associations removed because they did not become
    /// reachable in time or became unreachable.
    public var ephemeralReaped = 0
    /// Clock steps not taken: beyond the panic threshold, not backed by a
    /// majority of the sources, or after the step limit (slewed instead).
    public var stepsRefused = 0
    /// Datagrams from a source no reply can go to (port 0, a multicast,
    /// broadcast or unspecified address): dropped unanswered.
    public var invalidSource = 0
    /// Datagrams the transport could not send.
    public var sendFailures = 0
    /// Associations configured with `preempt` that were dropped.
    public var associationsPreempted = 0

    public init() {}
}
