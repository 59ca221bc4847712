import NTPCore

/// Ephemeral associations: created by a packet from an unconfigured source
/// (symmetric passive for mode 1, broadcast client for mode 5) when
/// ``EphemeralAdmission`` allows, one per source address, and removed when
/// they do not become reachable in time or stop being reachable.
extension EngineCore {
    /// Asks the admission rules whether `packet` from `source` creates an
    /// ephemeral association; counts a refusal under its reason.
    func admitEphemeral(
        _ packet: NTPPacket, from source: NTPEndpoint, authentication: AuthenticationStatus, now: LocalTimestamp
    ) -> EphemeralAdmission<IPAddress>.Decision {
        let decision = ephemeralAdmission.decide(.init(
            packet: packet, source: source.address, authentication: authentication,
            requireAuthentication: configuration.authenticationRequired,
            peerAccess: configuration.accessRules.permits(source.address, .peer),
            sourceIsConfigured: configuredSources[source.address] != nil,
            sourceHasAssociation: ephemeralByAddress[source.address] != nil,
            ephemeralAssociations: ephemeralByAddress.count,
            maximumEphemeralAssociations: configuration.maximumDynamicAssociations
        ), at: now.monotonic)
        if case .refuse(let refusal) = decision {
            switch refusal {
            case .accessDenied: drop(\.accessDenied)
            case .authenticationFailed: counters.packetsDropped += 1  // counted as a failure on arrival
            case .authenticationRequired: drop(\.unauthenticatedDropped)
            case .unsynchronizedServer: drop(\.sanityCheckFailures)
            case .configuredSource, .sourceHasAssociation, .tableFull, .rateLimited: drop(\.ephemeralRefused)
            }
        }
        return decision
    }

    /// Starts an ephemeral association for `remote` polling every
    /// 2^`configuration.minimumPollExponent` s; it must become reachable
    /// within the policy's deadline.
    func mobilizeEphemeral(
        configuration machineConfiguration: AssociationConfiguration, remote: NTPEndpoint, socket: SocketBinding,
        now: LocalTimestamp
    ) -> AssociationID {
        let id = addAssociation(configuration: machineConfiguration, settings: nil, remote: remote, socket: socket, now: now)
        ephemeralByAddress[remote.address] = id
        records[id]?.reachDeadline = ephemeralAdmission.policy.reachDeadline(
            mobilizedAt: now.monotonic, pollExponent: machineConfiguration.minimumPollExponent)
        emit(.ephemeralMobilized(source: remote, mode: machineConfiguration.mode, keyID: machineConfiguration.keyID))
        return id
    }

    /// The poll exponent an ephemeral association takes from its peer's
    /// packet: never faster than this engine's configured associations poll
    /// (nor than 1 s without one), never slower than the policy allows.
    func ephemeralPollExponent(announced: Int8) -> Int8 {
        let floor = min(configuration.associations.map(\.minimumPollExponent).min() ?? 0, 0)
        return ephemeralAdmission.policy.pollExponent(announced: announced, floor: floor)
    }

    /// Removes `id` if it is an ephemeral association whose deadline to
    /// become reachable has passed. Returns whether it was removed.
    func reapIfUnreached(_ id: AssociationID, now: MonotonicInstant) -> Bool {
        guard let deadline = records[id]?.reachDeadline, now >= deadline else { return false }
        reap(id, wasReachable: false)
        return true
    }

    /// The peer of a not yet reachable ephemeral association answered one
    /// of our packets (it passed the origin and authentication tests) but
    /// gave no sample, as a peer that is itself still unsynchronized: it
    /// gets four more poll intervals to become reachable.
    func answered(_ id: AssociationID, now: MonotonicInstant) {
        guard let record = records[id], record.reachDeadline != nil else { return }
        records[id]!.reachDeadline = ephemeralAdmission.policy.reachDeadline(
            mobilizedAt: now, pollExponent: record.machine.hostPollExponent ?? record.machine.configuration.minimumPollExponent)
    }

    /// Removes an ephemeral association and counts it.
    func reap(_ id: AssociationID, wasReachable: Bool) {
        guard let record = records[id], record.isDynamic else { return }
        counters.ephemeralReaped += 1
        if let remote = record.remote {
            emit(.ephemeralReaped(source: remote, mode: record.machine.configuration.mode, wasReachable: wasReachable))
        }
        removeAssociation(id)
    }

    /// Whether an ephemeral association may stay under `new`: its socket
    /// still serves, its source still has `peer` access, is not configured
    /// now, and authenticates if authentication became required.
    func keepsEphemeral(_ record: AssociationRecord, in new: EngineConfiguration, configured: Set<IPAddress>) -> Bool {
        guard let address = record.remote?.address else { return false }
        if new.authenticationRequired, record.keyID == nil { return false }
        return new.accessRules.permits(address, .peer) && !configured.contains(address)
    }
}
