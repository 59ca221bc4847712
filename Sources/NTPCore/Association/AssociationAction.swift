/// What an ``AssociationStateMachine`` asks its engine to do.
public enum AssociationAction: Hashable, Sendable {
    /// Transmit this packet to the peer. The engine appends a MAC when the
    /// association has a key, and reports a later transmit time with
    /// ``AssociationStateMachine/transmitted(at:departure:)``.
    case send(NTPPacket)
    /// Call ``AssociationStateMachine/pollDue(now:)`` at this time,
    /// replacing any earlier schedule.
    case schedulePoll(at: MonotonicInstant)
    /// A raw clock sample from an accepted packet (for statistics).
    case sample(ClockSample)
    /// The clock filter has a new estimate: run source selection.
    case peerUpdated(PeerEstimate)
    /// The reach register changed to this value.
    case reachabilityChanged(UInt8)
    /// A packet failed a sanity check (count it; it changed nothing else).
    case rejected(PacketVerdict)
    /// The server sent a Kiss-o'-Death that passed the origin check.
    case kissReceived(KissCode)
    /// The association stopped and sends nothing more.
    case stopped(AssociationStopReason)
    /// A broadcast client finished its calibration volley: broadcast samples
    /// use this round-trip delay from now on. `measured` is false when no
    /// request was answered and the configured delay is kept.
    case calibrated(delay: Double, measured: Bool)
}

/// Why an association stopped.
public enum AssociationStopReason: Hashable, Sendable {
    /// The server answered DENY or RSTR.
    case deniedByServer(KissCode)
    /// The engine stopped it (configuration removed).
    case removed
}
