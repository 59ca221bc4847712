import NTPCore

/// A preemptable association the engine dropped: its settings and socket, to
/// run it again when the better sources are gone.
struct DemobilizedAssociation: Hashable {
    var settings: AssociationSettings
    var socket: SocketBinding
}

extension EngineCore {
    /// Counts a regular poll of a preemptable association and drops the
    /// association when ``PreemptionPolicy`` says so. A dropped association is
    /// absent from the snapshot (and from `<get>`) until it comes back:
    /// when fewer sources than the policy's minimum survive selection
    /// (``remobilizeIfNeeded(now:)``), or when a commit changes its settings.
    func preemptIfDue(_ id: AssociationID) {
        guard let record = records[id], let settings = record.settings, settings.preempt else { return }
        records[id]!.preemption.polled(status: statuses[id])
        guard options.preemption.shouldDemobilize(id, tally: records[id]!.preemption, statuses: statuses) else { return }
        demobilized[settings.name] = DemobilizedAssociation(settings: settings, socket: record.socket)
        counters.associationsPreempted += 1
        removeAssociation(id)
    }

    /// Runs the dropped associations again when too few sources survive the
    /// last selection. Their first poll is due at once.
    func remobilizeIfNeeded(now: LocalTimestamp) {
        guard !demobilized.isEmpty, options.preemption.shouldRemobilize(statuses) else { return }
        let returning = demobilized.values.sorted { $0.settings.name < $1.settings.name }
        demobilized.removeAll()
        for association in returning {
            let settings = association.settings
            addAssociation(
                configuration: machineConfiguration(for: settings), settings: settings,
                remote: settings.numericAddress.map { NTPEndpoint(address: $0, port: settings.port) },
                socket: association.socket, now: now
            )
        }
    }

    /// The NTPCore configuration of a configured association under the
    /// current engine configuration (which adds unsync-max-poll and required authentication).
    func machineConfiguration(for settings: AssociationSettings) -> AssociationConfiguration {
        ReconcilePlanner.machineConfiguration(settings, in: configuration)
    }
}
