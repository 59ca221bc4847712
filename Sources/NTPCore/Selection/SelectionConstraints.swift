/// What the caller knows about the local system that limits selection.
public struct SelectionConstraints: Hashable, Sendable {
    /// The local clock's stratum when it is a source itself (a
    /// refclock-master at stratum N). Sources at this stratum or above are
    /// never selected.
    public var localClockStratum: UInt8?
    /// MAXDIST: sources with a larger root distance are unfit (the
    /// tolerance over one system poll interval is added).
    public var maximumDistance: Double
    public var systemPollExponent: Int8
    /// Reference IDs that name this host; a source using one is a loop.
    public var localReferenceIDs: Set<ReferenceID>
    /// MINSANE: fewer truechimers than this leaves the clock unsynchronized.
    public var minimumSurvivors: Int
    /// NMIN: clustering stops pruning at this many survivors.
    public var minimumClusterSurvivors: Int
    /// The current system peer, kept while it stays at the best stratum
    /// to avoid needless clock hopping.
    public var currentSystemPeer: AssociationID?

    public init(
        localClockStratum: UInt8? = nil,
        maximumDistance: Double = ProtocolConstants.maximumDistance,
        systemPollExponent: Int8 = 6,
        localReferenceIDs: Set<ReferenceID> = [],
        minimumSurvivors: Int = 1,
        minimumClusterSurvivors: Int = 3,
        currentSystemPeer: AssociationID? = nil
    ) {
        self.localClockStratum = localClockStratum
        self.maximumDistance = maximumDistance
        self.systemPollExponent = systemPollExponent
        self.localReferenceIDs = localReferenceIDs
        self.minimumSurvivors = minimumSurvivors
        self.minimumClusterSurvivors = minimumClusterSurvivors
        self.currentSystemPeer = currentSystemPeer
    }
}
