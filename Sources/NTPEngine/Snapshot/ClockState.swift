public import NTPCore

/// The local clock as the engine serves it.
public struct ClockState: Hashable, Sendable {
    public var synchronized: Bool
    public var stratum: UInt8
    public var referenceID: ReferenceID
    public var leap: LeapIndicator
    /// Log2 seconds.
    public var precision: Int8
    /// Last combined offset handed to the discipline, in seconds.
    public var offset: Double
    /// Frequency correction in parts per million.
    public var frequencyPPM: Double
    public var rootDelay: Double
    public var rootDispersion: Double
    /// System jitter (seconds).
    public var jitter: Double
    public var referenceTime: NTPTimestamp
    public var pollExponent: Int8
    public var disciplineState: DisciplineState
    /// The association selected as system peer.
    public var systemPeer: String?
    /// Correction of the virtual clock over the host clock (seconds).
    public var correction: Double
    /// The refclock-master stratum when the local clock is being served.
    public var servingLocalClock: Bool
}
