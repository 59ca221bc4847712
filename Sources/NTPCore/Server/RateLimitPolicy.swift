/// Per-client rate limiting: a token bucket per address in a bounded table.
public struct RateLimitPolicy: Hashable, Sendable {
    /// Average seconds between requests a client may send.
    public var averageInterval: Double
    /// Requests a client may send back to back.
    public var burst: Int
    /// Least seconds between two KoDs to one client; requests in between
    /// are dropped silently.
    public var kissInterval: Double
    /// Clients remembered at once.
    public var tableCapacity: Int
    /// Slots searched per lookup; the least recently seen one in the set is
    /// evicted when a new client arrives. 1 makes the table direct-mapped,
    /// `tableCapacity` makes it fully associative (exact LRU).
    public var associativity: Int
    /// The poll exponent announced in a RATE KoD.
    public var kissPollExponent: Int8

    public init(
        averageInterval: Double = 2,
        burst: Int = 8,
        kissInterval: Double = 16,
        tableCapacity: Int = 65_536,
        associativity: Int = 8,
        kissPollExponent: Int8 = 6
    ) {
        self.averageInterval = max(averageInterval, 0)
        self.burst = max(burst, 1)
        self.kissInterval = kissInterval
        self.tableCapacity = max(tableCapacity, 1)
        self.associativity = min(max(associativity, 1), self.tableCapacity)
        self.kissPollExponent = kissPollExponent
    }
}

/// What the rate limiter decides for one request.
public enum RateLimitDecision: Hashable, Sendable {
    case allow
    case kissOfDeath
    case drop
}
