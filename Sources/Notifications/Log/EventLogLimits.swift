/// How much of the past the replay log keeps (RFC 5277 §3.2.3 leaves it to the server).
public struct EventLogLimits: Sendable, Equatable {
    /// Events kept; the oldest go first.
    public var maxEvents: Int
    /// Events older than this many seconds are dropped.
    public var maxAgeSeconds: Double

    public init(maxEvents: Int = 1000, maxAgeSeconds: Double = 86_400) {
        self.maxEvents = max(0, maxEvents)
        self.maxAgeSeconds = max(0, maxAgeSeconds)
    }
}
