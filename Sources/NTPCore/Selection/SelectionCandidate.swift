/// One association as source selection sees it (RFC 5905 §11.2).
public struct SelectionCandidate: Hashable, Sendable {
    public var id: AssociationID
    /// θ: the peer's offset from the clock filter.
    public var offset: Double
    /// λ: root distance, the half-width of the correctness interval.
    public var rootDistance: Double
    /// ψ: the peer jitter.
    public var jitter: Double
    public var stratum: UInt8
    public var leap: LeapIndicator
    public var reach: UInt8
    /// The peer's reference ID, for timing-loop detection.
    public var referenceID: ReferenceID
    public var isPreferred: Bool

    public init(
        id: AssociationID,
        offset: Double,
        rootDistance: Double,
        jitter: Double,
        stratum: UInt8,
        leap: LeapIndicator = .noWarning,
        reach: UInt8 = 0xFF,
        referenceID: ReferenceID = .zero,
        isPreferred: Bool = false
    ) {
        self.id = id
        self.offset = offset
        self.rootDistance = rootDistance
        self.jitter = jitter
        self.stratum = stratum
        self.leap = leap
        self.reach = reach
        self.referenceID = referenceID
        self.isPreferred = isPreferred
    }

    /// The correctness interval [θ − λ, θ + λ].
    public var lowerBound: Double { offset - rootDistance }
    public var upperBound: Double { offset + rootDistance }

    /// The clustering metric: stratum first, then root distance.
    var metric: Double {
        ProtocolConstants.maximumDistance * Double(stratum) + rootDistance
    }
}
