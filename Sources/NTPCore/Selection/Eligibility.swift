/// The fitness test applied before intersection (RFC 5905 A.5.5.3 `fit()`)
/// and the local-stratum rule the vendor guides state.
enum Eligibility {
    static func reason(_ candidate: SelectionCandidate, constraints: SelectionConstraints) -> IneligibilityReason? {
        if candidate.leap == .unsynchronized || candidate.stratum == 0
            || candidate.stratum >= ProtocolConstants.unsynchronizedStratum {
            return .unsynchronized
        }
        if let local = constraints.localClockStratum, candidate.stratum >= local {
            return .stratumNotBelowLocalClock
        }
        let limit = constraints.maximumDistance
            + ProtocolConstants.frequencyTolerance * ProtocolConstants.seconds(log2: constraints.systemPollExponent)
        if candidate.rootDistance > limit { return .excessiveDistance }
        if candidate.reach == 0 { return .unreachable }
        if constraints.localReferenceIDs.contains(candidate.referenceID) { return .timingLoop }
        return nil
    }
}
