import NTPCore

extension EngineCore {
    func snapshot() -> EngineSnapshot {
        let now = localNow()
        return EngineSnapshot(
            clock: clockState(now: now),
            associations: records.values.sorted { $0.id < $1.id }.map { status(of: $0, now: now) },
            counters: counters,
            sockets: sockets.keys.sorted { $0.description < $1.description },
            configurationGeneration: generation
        )
    }

    private func clockState(now: LocalTimestamp) -> ClockState {
        let served = servedVariables(now: now.wall)
        return ClockState(
            synchronized: served.isSynchronized,
            stratum: served.stratum,
            referenceID: served.referenceID,
            leap: served.leap,
            precision: served.precision,
            offset: discipline.lastOffset,
            frequencyPPM: driver.readFrequency() * 1e6,
            rootDelay: served.rootDelay,
            rootDispersion: served.rootDispersion,
            jitter: systemJitter,
            referenceTime: served.referenceTime,
            pollExponent: discipline.pollExponent,
            disciplineState: discipline.state,
            systemPeer: systemPeer.flatMap { records[$0]?.name },
            correction: driver.correction(at: now.monotonic),
            servingLocalClock: refclockMaster != nil && !(system.isSynchronized && system.stratum <= served.stratum)
        )
    }

    private func status(of record: AssociationRecord, now: LocalTimestamp) -> AssociationStatus {
        let snapshot = record.machine.snapshot
        return AssociationStatus(
            name: record.name,
            mode: snapshot.mode,
            configured: !record.isDynamic,
            remote: record.remote,
            host: record.settings?.host ?? record.remote?.address.description ?? "",
            socket: record.socket,
            stratum: snapshot.peer?.stratum,
            referenceID: snapshot.peer?.referenceID,
            leap: snapshot.peer?.leap,
            prefer: record.machine.configuration.prefer,
            keyID: record.keyID,
            authenticated: record.lastAuthenticated,
            reach: snapshot.reach,
            hostPollExponent: snapshot.hostPollExponent,
            peerPollExponent: snapshot.peerPollExponent,
            sinceLastReceived: record.lastAccepted.map { (now.monotonic - $0).secondsValue },
            offset: snapshot.estimate?.offset,
            delay: snapshot.estimate?.delay,
            dispersion: snapshot.estimate?.dispersion(at: now.monotonic),
            jitter: snapshot.estimate?.jitter,
            selection: statuses[record.id],
            isRunning: snapshot.isRunning,
            stopReason: snapshot.stopReason,
            packetsSent: record.packetsSent,
            packetsReceived: record.packetsReceived,
            resolution: record.remote == nil ? resolutionStatus(record.settings?.host, now: now.monotonic) : nil
        )
    }

    private func resolutionStatus(_ host: String?, now: MonotonicInstant) -> HostResolutionStatus? {
        guard let host else { return nil }
        guard let failure = resolutionFailures[host] else { return HostResolutionStatus(lastError: nil, attempts: 0, retryIn: 0) }
        let retryIn = failure.retrying ? 0 : max((failure.nextRetry - now).secondsValue, 0)
        return HostResolutionStatus(lastError: failure.lastError, attempts: failure.attempts, retryIn: retryIn)
    }
}
