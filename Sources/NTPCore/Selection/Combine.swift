/// The combine algorithm (RFC 5905 §11.2.3, A.5.5.5): survivors' offsets
/// averaged with weights 1/λ, and the system jitter.
enum Combine {
    static func combine(_ survivors: [SelectionCandidate], systemPeer: SelectionCandidate) -> CombinedEstimate {
        var weightSum = 0.0, offsetSum = 0.0, jitterSum = 0.0
        for survivor in survivors {
            let weight = 1 / max(survivor.rootDistance, ProtocolConstants.minimumDispersion)
            let difference = survivor.offset - systemPeer.offset
            weightSum += weight
            offsetSum += weight * survivor.offset
            jitterSum += weight * difference * difference
        }
        let selectionJitter = (jitterSum / weightSum).squareRoot()
        let offset = systemPeer.isPreferred ? systemPeer.offset : offsetSum / weightSum
        return CombinedEstimate(
            offset: offset,
            selectionJitter: selectionJitter,
            systemJitter: (systemPeer.jitter * systemPeer.jitter + selectionJitter * selectionJitter).squareRoot()
        )
    }
}
