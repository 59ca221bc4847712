import NTPCore

extension EngineCore {
    /// Source selection, then the clock update when the system peer has a
    /// sample the discipline has not seen (RFC 5905 `clock_select()` and
    /// `clock_update()`).
    func select(now: LocalTimestamp) {
        let candidates = records.values.compactMap { $0.machine.selectionCandidate(now: now.monotonic) }
        let outcome = SourceSelection.select(candidates, constraints: SelectionConstraints(
            localClockStratum: configuration.refclockMasterStratum,
            systemPollExponent: discipline.pollExponent,
            localReferenceIDs: localReferenceIDs,
            currentSystemPeer: systemPeer
        ))
        statuses = outcome.statuses
        remobilizeIfNeeded(now: now)
        guard let peerID = outcome.systemPeer, let combined = outcome.combined, let record = records[peerID],
              let peer = record.machine.snapshot.peer, let estimate = record.machine.snapshot.estimate else {
            if systemPeer != nil || system.isSynchronized { loseSynchronization(now: now) }
            return
        }
        setSystemPeer(peerID)
        if let last = lastDisciplinedSample, estimate.time <= last { return }
        lastDisciplinedSample = estimate.time
        update(peer: SystemPeerSummary(header: peer, estimate: estimate, referenceID: record.referenceID),
               combined: combined, selection: outcome, source: record.eventAssociation, now: now)
    }

    /// The clock update (RFC 5905 `clock_update()`): the leap warning and any
    /// step need a majority of the survivors (``SurvivorVote``); a step the
    /// discipline does not take is counted and reported.
    private func update(
        peer: SystemPeerSummary, combined: CombinedEstimate, selection: SelectionOutcome, source: EventAssociation,
        now: LocalTimestamp
    ) {
        let leap = SurvivorVote.leap(selection)
        let result = discipline.update(DisciplineInput(
            offset: combined.offset, time: now.monotonic, leap: leap,
            rootDistance: RootDistance.of(peer: peer.header, estimate: peer.estimate, now: now.monotonic),
            frequencyHint: peer.estimate.frequency,
            majorityBacksStep: SurvivorVote.backsStep(
                combined.offset, threshold: discipline.parameters.stepThreshold, outcome: selection)
        ))
        driver.advance(to: now.monotonic, pollExponent: discipline.pollExponent)
        for action in result.actions { driver.execute(action) }
        if result.stepWithheld { refuseStep(combined.offset, source: source, reason: .stepLimit) }
        switch result.outcome {
        case .slewed, .stepped:
            systemJitter = combined.systemJitter
            system = ClockUpdate.systemVariables(peer: peer, combined: combined, leap: leap, context: ClockUpdateContext(
                now: now.monotonic, wallNow: now.wall, precision: options.precision, pollExponent: discipline.pollExponent
            ))
            if result.outcome == .stepped {
                for id in records.keys { records[id]?.machine.clockStepped(by: combined.offset) }
                lastDisciplinedSample = nil
                emit(.clockStepped(offset: combined.offset, source: source))
            }
            pushSystemVariables(now: localNow())
        case .panic:
            counters.stepsRefused += 1
            emit(.panicThresholdExceeded(
                offset: combined.offset, threshold: discipline.parameters.panicThreshold ?? .infinity, source: source))
        case .stepRefused:
            refuseStep(combined.offset, source: source, reason: .notBackedByMajority)
        case .ignored:
            break
        }
    }

    private func refuseStep(_ offset: Double, source: EventAssociation, reason: EngineEvent.StepRefusal) {
        counters.stepsRefused += 1
        emit(.stepRefused(offset: offset, source: source, reason: reason))
    }

    private func loseSynchronization(now: LocalTimestamp) {
        setSystemPeer(nil)
        system = .unsynchronized(precision: options.precision)
        system.pollExponent = discipline.pollExponent
        pushSystemVariables(now: now)
    }

    /// Reference IDs that mean "synchronized to this host": our own IPv4
    /// addresses, so a peer synchronized to us is a timing loop.
    var localReferenceIDs: Set<ReferenceID> {
        Set(sockets.keys.compactMap { binding in
            if case .v4(let value) = binding.address, value != 0 { ReferenceID(rawValue: value) } else { nil }
        })
    }
}
