/// The system state the clock filter needs.
public struct FilterContext: Hashable, Sendable {
    /// Log2 of the system precision, the floor for jitter.
    public var systemPrecision: Int8
    /// Log2 of the system poll interval, for the popcorn spike window.
    public var systemPollExponent: Int8
    /// Whether the local clock is synchronized; before that, old samples
    /// may be reused.
    public var clockSynchronized: Bool
    /// The association polls every second or faster: use every fresh
    /// low-delay sample (``FastPollEstimator``).
    public var fastPolling: Bool

    public init(systemPrecision: Int8, systemPollExponent: Int8, clockSynchronized: Bool, fastPolling: Bool = false) {
        self.systemPrecision = systemPrecision
        self.systemPollExponent = systemPollExponent
        self.clockSynchronized = clockSynchronized
        self.fastPolling = fastPolling
    }

    var precisionSeconds: Double { ProtocolConstants.seconds(log2: systemPrecision) }
}
