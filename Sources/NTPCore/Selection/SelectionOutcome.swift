/// The result of source selection: every candidate's status, the system
/// peer, and the combined estimate when the clock can be disciplined.
public struct SelectionOutcome: Hashable, Sendable {
    public var statuses: [AssociationID: SourceSelectionStatus]
    public var systemPeer: AssociationID?
    /// `nil` when no majority of truechimers was found.
    public var combined: CombinedEstimate?
    /// The survivors of clustering as selection saw them (the system peer
    /// among them), for the votes of ``SurvivorVote``.
    public var survivorCandidates: [SelectionCandidate]
    /// How many candidates were fit to take part in the intersection.
    public var eligibleCount: Int

    public init(
        statuses: [AssociationID: SourceSelectionStatus], systemPeer: AssociationID?, combined: CombinedEstimate?,
        survivorCandidates: [SelectionCandidate] = [], eligibleCount: Int = 0
    ) {
        self.statuses = statuses
        self.systemPeer = systemPeer
        self.combined = combined
        self.survivorCandidates = survivorCandidates
        self.eligibleCount = eligibleCount
    }

    public var isSynchronized: Bool { systemPeer != nil }

    /// Candidates inside the intersection (survivors, outliers, system peer).
    public var truechimers: [AssociationID] {
        ids { [.systemPeer, .survivor, .outlier].contains($0) }
    }

    public var falsetickers: [AssociationID] { ids { $0 == .falseticker } }

    /// The system peer and the other survivors of clustering.
    public var survivors: [AssociationID] { ids { $0 == .systemPeer || $0 == .survivor } }

    private func ids(where predicate: (SourceSelectionStatus) -> Bool) -> [AssociationID] {
        statuses.filter { predicate($0.value) }.map(\.key).sorted()
    }
}

/// The combined clock estimate (RFC 5905 §11.2.3).
public struct CombinedEstimate: Hashable, Sendable {
    /// Θ: weighted average offset of the survivors.
    public var offset: Double
    /// ψ_s: selection jitter of the survivors relative to the system peer.
    public var selectionJitter: Double
    /// ψ: system jitter, combining the system peer's jitter with ψ_s.
    public var systemJitter: Double

    public init(offset: Double, selectionJitter: Double, systemJitter: Double) {
        self.offset = offset
        self.selectionJitter = selectionJitter
        self.systemJitter = systemJitter
    }
}
