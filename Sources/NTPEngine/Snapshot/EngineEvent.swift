public import NTPCore

/// Something the engine did, saw or refused that an operator should hear
/// of. The core emits each at the transition itself, stamped with the time
/// (``TimedEngineEvent``); the engine thread logs each and hands it to the
/// daemon's event handler (the core itself does no I/O).
///
/// Within one engine turn the order is causal: an association becomes
/// reachable, then the system peer changes, then the synchronization state.
public enum EngineEvent: Hashable, Sendable {
    /// The served clock became synchronized or unsynchronized (the
    /// clock-state `status` of `<get>`): to synchronized when a clock
    /// update first follows a system peer or a refclock-master is
    /// configured, to unsynchronized when selection finds no system peer.
    case synchronizationChanged(SynchronizationChange)
    /// Selection chose another system peer, none (`new` nil) or one where
    /// there was none (`old` nil); also when the system peer is removed.
    case systemPeerChanged(old: EventAssociation?, new: EventAssociation?)
    /// The served stratum changed while the clock stayed synchronized (a
    /// change that comes with a synchronization change is reported by
    /// ``synchronizationChanged(_:)`` alone).
    case stratumChanged(from: UInt8, to: UInt8)
    /// An association's reach register went from zero to non-zero
    /// (`reachable` true: a valid reply after none in the last eight polls)
    /// or back to zero (no valid reply in eight polls). `reach` is the
    /// register after the change.
    case reachabilityChanged(EventAssociation, reachable: Bool, reach: UInt8)
    /// A Kiss-o'-Death that passed the origin check: RATE slows the
    /// association down, DENY and RSTR stop it (RFC 5905 §7.4).
    case kissOfDeathReceived(EventAssociation, code: KissCode)
    /// A packet for the association failed authentication; at most one per
    /// association per poll interval (the rest are only counted).
    case authenticationFailed(EventAssociation, reason: AuthenticationFailure)
    /// The disciplined clock (virtual or host) was stepped by `offset`
    /// seconds toward the system peer `source`.
    case clockStepped(offset: Double, source: EventAssociation)
    /// The clock was not stepped by `offset` seconds toward the system peer
    /// `source`.
    case stepRefused(offset: Double, source: EventAssociation, reason: StepRefusal)
    /// The offset to the system peer is beyond the panic threshold: the
    /// clock update was refused and nothing was corrected (RFC 5905 PANICT).
    case panicThresholdExceeded(offset: Double, threshold: Double, source: EventAssociation)
    /// The leap indicator the engine serves changed to a leap-second
    /// warning (`.lastMinuteHas61Seconds`, `.lastMinuteHas59Seconds`), from
    /// one warning to the other, or from a warning back to
    /// `.noWarning` (withdrawn, or the leap second passed).
    case leapSecondAnnouncement(LeapIndicator)
    /// An ephemeral association was created for `source`.
    case ephemeralMobilized(source: NTPEndpoint, mode: AssociationMode, keyID: UInt32?)
    /// An ephemeral association was removed: it never became reachable
    /// (`wasReachable` false) or stopped being so.
    case ephemeralReaped(source: NTPEndpoint, mode: AssociationMode, wasReachable: Bool)

    /// Why a step was not taken (the panic threshold is its own event).
    public enum StepRefusal: Hashable, Sendable {
        /// No majority of the sources backs the step: nothing was corrected.
        case notBackedByMajority
        /// The step limit was used up: the offset is slewed instead.
        case stepLimit
    }

    /// Why a packet failed authentication.
    public enum AuthenticationFailure: Hashable, Sendable {
        /// Its MAC did not verify, or named an unknown or untrusted key.
        case badMAC
        /// It had no MAC where the association requires one.
        case missingMAC
        /// Its MAC verified with a key other than the association's.
        case unexpectedKey
        /// The server answered with a crypto-NAK: it did not accept our MAC.
        case cryptoNAK
    }

    /// Synchronized or not, as the clock-state `status` of `<get>`.
    public enum SynchronizationStatus: Hashable, Sendable {
        case synchronized
        case unsynchronized
    }

    /// A change of the synchronization state, with the served clock after it.
    public struct SynchronizationChange: Hashable, Sendable {
        public var from: SynchronizationStatus
        public var to: SynchronizationStatus
        /// 16 when unsynchronized.
        public var stratum: UInt8
        public var referenceID: ReferenceID
        /// The last offset the discipline accepted, in seconds.
        public var offset: Double

        public init(from: SynchronizationStatus, to: SynchronizationStatus, stratum: UInt8, referenceID: ReferenceID, offset: Double) {
            self.from = from
            self.to = to
            self.stratum = stratum
            self.referenceID = referenceID
            self.offset = offset
        }
    }
}
