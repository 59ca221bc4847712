/// One measurement of a peer's clock (RFC 5905 §8): offset θ, round-trip
/// delay δ and dispersion ε, in seconds, taken at a local monotonic time.
public struct ClockSample: Hashable, Sendable {
    /// θ: how far the peer's clock is ahead of ours.
    public var offset: Double
    /// δ: round-trip delay, never below the system precision.
    public var delay: Double
    /// ε: maximum error from precision and frequency tolerance.
    public var dispersion: Double
    /// When the reply arrived.
    public var time: MonotonicInstant

    public init(offset: Double, delay: Double, dispersion: Double, time: MonotonicInstant) {
        self.offset = offset
        self.delay = delay
        self.dispersion = dispersion
        self.time = time
    }
}
