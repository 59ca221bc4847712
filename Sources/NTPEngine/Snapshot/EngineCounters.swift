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
    /// Missing, unknown-key, untrusted or wrong MACs, and crypto-NAKs.
    public var authenticationFailures = 0
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
    /// Symmetric-passive requests refused because the table was full.
    public var dynamicAssociationsRefused = 0
    /// Datagrams the transport could not send.
    public var sendFailures = 0
    /// Associations configured with `preempt` that were dropped.
    public var associationsPreempted = 0

    public init() {}
}
