import NTPCore

/// Emitting ``EngineEvent``s at the transitions that make them: each is
/// stamped with the host clock when it is emitted and queued for the owner.
extension EngineCore {
    /// Queues an event, stamped now, up to a bound: an owner that never
    /// drains cannot make the core grow without limit (later events are
    /// dropped until it does).
    func emit(_ event: EngineEvent) {
        guard events.count < Self.maximumQueuedEvents else { return }
        events.append(TimedEngineEvent(time: TimedEngineEvent.unixSeconds(of: hostClock.read().realtime), event: event))
    }

    static let maximumQueuedEvents = 1024

    /// The system peer becomes `new` (nil: none); an event when it changes.
    func setSystemPeer(_ new: AssociationID?) {
        guard new != systemPeer else { return }
        let old = systemPeer.flatMap { records[$0]?.eventAssociation }
        systemPeer = new
        emit(.systemPeerChanged(old: old, new: new.flatMap { records[$0]?.eventAssociation }))
    }

    /// Association `id`'s reach register is now `reach`: an event when it
    /// went from zero to non-zero or back.
    func reachChanged(_ id: AssociationID, to reach: UInt8) {
        guard let record = records[id] else { return }
        records[id]!.reach = reach
        guard (record.reach == 0) != (reach == 0) else { return }
        emit(.reachabilityChanged(record.eventAssociation, reachable: reach != 0, reach: reach))
    }

    /// A packet for association `id` failed authentication: an event unless
    /// one was sent for it less than a poll interval ago.
    func authenticationFailed(_ id: AssociationID, reason: EngineEvent.AuthenticationFailure, now: MonotonicInstant) {
        guard let record = records[id] else { return }
        let interval = ProtocolConstants.seconds(log2: record.machine.hostPollExponent ?? record.machine.configuration.minimumPollExponent)
        if let last = record.lastAuthenticationFailureEvent, (now - last).secondsValue < interval { return }
        records[id]!.lastAuthenticationFailureEvent = now
        emit(.authenticationFailed(record.eventAssociation, reason: reason))
    }

    /// Why a packet the association rejected with `verdict` failed
    /// authentication; nil when it did not.
    static func authenticationFailure(
        _ verdict: PacketVerdict, authentication: AuthenticationStatus
    ) -> EngineEvent.AuthenticationFailure? {
        switch (verdict, authentication) {
        case (.cryptoNAK, _): .cryptoNAK
        case (.authenticationFailed, .none): .missingMAC
        case (.authenticationFailed, .failed): .badMAC
        case (.authenticationFailed, .verified): .unexpectedKey
        default: nil
        }
    }
}

extension AssociationRecord {
    /// How events name this association.
    var eventAssociation: EventAssociation {
        EventAssociation(id: id, name: name, remote: remote, mode: machine.configuration.mode, configured: !isDynamic)
    }
}
