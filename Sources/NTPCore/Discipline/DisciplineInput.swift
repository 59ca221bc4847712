/// One combined offset from source selection, handed to the discipline.
public struct DisciplineInput: Hashable, Sendable {
    /// Θ: the combined offset, in seconds (positive: local clock is behind).
    public var offset: Double
    /// When the system peer's sample was taken.
    public var time: MonotonicInstant
    /// The leap indicator of the system peer.
    public var leap: LeapIndicator
    /// The system root distance, reported as the maximum error.
    public var rootDistance: Double

    public init(offset: Double, time: MonotonicInstant, leap: LeapIndicator = .noWarning, rootDistance: Double = 0) {
        self.offset = offset
        self.time = time
        self.leap = leap
        self.rootDistance = rootDistance
    }
}
