public import NTPCore

/// Something the engine did or refused that an operator should hear of:
/// the engine thread logs each (the core itself does no I/O).
public enum EngineEvent: Hashable, Sendable {
    /// The clock was not stepped by `offset` seconds toward the system peer
    /// `source` (its name and address).
    case stepRefused(offset: Double, source: String, reason: StepRefusal)
    /// An ephemeral association was created for `source`.
    case ephemeralMobilized(source: NTPEndpoint, mode: AssociationMode, keyID: UInt32?)
    /// An ephemeral association was removed: it never became reachable
    /// (`wasReachable` false) or stopped being so.
    case ephemeralReaped(source: NTPEndpoint, mode: AssociationMode, wasReachable: Bool)

    /// Why a step was not taken.
    public enum StepRefusal: Hashable, Sendable {
        /// The offset is beyond the panic threshold: nothing was corrected.
        case panic
        /// No majority of the sources backs the step: nothing was corrected.
        case notBackedByMajority
        /// The step limit was used up: the offset is slewed instead.
        case stepLimit
    }
}
