/// The clock filter's view of a peer (RFC 5905 §10): the offset and delay of
/// the best recent sample, with the filter dispersion and jitter.
public struct PeerEstimate: Hashable, Sendable {
    public var offset: Double
    public var delay: Double
    /// Filter dispersion ε at ``time``.
    public var dispersion: Double
    /// Peer jitter ψ.
    public var jitter: Double
    /// When the chosen sample was taken.
    public var time: MonotonicInstant
    /// The frequency the fast-poll estimator measured, if any.
    public var frequency: FrequencyEstimate?

    public init(offset: Double, delay: Double, dispersion: Double, jitter: Double, time: MonotonicInstant,
                frequency: FrequencyEstimate? = nil) {
        self.offset = offset
        self.delay = delay
        self.dispersion = dispersion
        self.jitter = jitter
        self.time = time
        self.frequency = frequency
    }

    /// The dispersion grown by the frequency tolerance up to `now`.
    public func dispersion(at now: MonotonicInstant) -> Double {
        dispersion + ProtocolConstants.frequencyTolerance * max((now - time).secondsValue, 0)
    }
}
