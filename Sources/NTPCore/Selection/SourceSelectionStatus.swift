/// Where selection left one candidate (the tally codes of ntpq's peer list).
public enum SourceSelectionStatus: Hashable, Sendable {
    /// `*`: the system peer.
    case systemPeer
    /// `+`: a survivor of clustering, included in the combined offset.
    case survivor
    /// `-`: a truechimer discarded by clustering.
    case outlier
    /// `x`: outside the intersection: a falseticker.
    case falseticker
    /// ` `: not considered at all.
    case ineligible(IneligibilityReason)
}

/// Why a candidate was not considered (RFC 5905 A.5.5.3, `fit()`, plus the
/// local-stratum rule).
public enum IneligibilityReason: Hashable, Sendable {
    /// Leap 3 or stratum 0 / >= 16.
    case unsynchronized
    /// Stratum at or above the local clock's own stratum.
    case stratumNotBelowLocalClock
    /// Root distance above the limit.
    case excessiveDistance
    /// Nothing received in the last eight polls.
    case unreachable
    /// The source is synchronized to this host.
    case timingLoop
}
