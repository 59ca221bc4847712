extension AssociationStateMachine {
    /// The poll timer fired (RFC 5905 §13, `poll()`): update reach and the
    /// poll interval, send a packet unless this is a broadcast client, and
    /// schedule the next poll.
    public mutating func pollDue(now: LocalTimestamp) -> [AssociationAction] {
        guard case .running(var running) = state else { return [] }
        if configuration.mode == .broadcastServer {
            let actions = broadcastPoll(&running, now: now)
            state = .running(running)
            return actions
        }
        if running.calibration != nil {
            let actions = calibrationPoll(&running, now: now)
            state = .running(running)
            return actions
        }
        var actions: [AssociationAction] = []
        if running.poll.inBurst {
            running.poll.burstRemaining -= 1
        } else {
            running.poll.lastPollAt = now.monotonic
            actions += updateReach(&running, now: now.monotonic)
        }
        if let packet = makePacket(&running, now: now.wall) {
            actions.append(.send(packet))
        }
        actions.append(.schedulePoll(at: running.poll.reschedule(now: now.monotonic, configuration: configuration)))
        state = .running(running)
        return actions
    }

    /// The poll exponent in force (log2 s between regular polls), `nil`
    /// unless running.
    public var hostPollExponent: Int8? {
        if case .running(let running) = state { running.poll.hostPoll } else { nil }
    }

    /// Whether the next ``pollDue(now:)`` is a regular poll, one that shifts
    /// the reach register, rather than a burst packet, a calibration request
    /// or a broadcast.
    public var nextPollIsRegular: Bool {
        guard configuration.mode != .broadcastServer, case .running(let running) = state else { return false }
        return !running.poll.inBurst && running.calibration == nil
    }

    /// Shifts the reach register and adapts the poll interval: back off
    /// while unreachable (after an initial burst), follow the system poll
    /// while reachable; while the clock is unsynchronized an
    /// ``UnsynchronizedPollLimit`` caps and shortens the result.
    private func updateReach(_ running: inout RunningState, now: MonotonicInstant) -> [AssociationAction] {
        let before = running.reach.value
        let previousPoll = running.poll.hostPoll
        running.reach.shiftForPoll()
        if running.reach.missedLastThreePolls {
            running.filter.addMissedPoll(at: now, context: filterContext())
        }
        if running.reach.isReachable {
            running.reach.resetUnreachCount()
            running.poll.hostPoll = system.pollExponent
            if configuration.burst { startBurst(&running) }
        } else {
            if configuration.initialBurst, running.reach.unreachCount == 0 { startBurst(&running) }
            if running.reach.unreachCount < configuration.unreachThreshold {
                running.reach.countUnreachablePoll()
            } else {
                running.poll.hostPoll += 1
            }
        }
        running.poll.hostPoll = configuration.clampPoll(running.poll.hostPoll)
        if let limit = configuration.unsynchronizedPollLimit, !system.isSynchronized {
            running.poll.hostPoll = limit.hostPoll(
                regular: running.poll.hostPoll, previous: previousPoll, answered: before & 1 != 0,
                minimum: configuration.minimumPollExponent, maximum: configuration.maximumPollExponent)
        }
        return running.reach.value == before ? [] : [.reachabilityChanged(running.reach.value)]
    }

    func startBurst(_ running: inout RunningState) {
        running.poll.burstRemaining = configuration.burstPolicy.packetCount - 1
    }

    /// Builds the outgoing packet (RFC 5905 A.5.4, `peer_xmit()`) and
    /// remembers its transmit timestamp.
    func makePacket(_ running: inout RunningState, now: NTPTimestamp) -> NTPPacket? {
        guard let mode = configuration.mode.packetMode else { return nil }
        running.onWire.lastSentTransmit = now
        return NTPPacket(
            leap: system.leap,
            version: configuration.version,
            mode: mode,
            stratum: system.stratum,
            poll: running.poll.hostPoll,
            precision: system.precision,
            rootDelay: NTPShortFormat(seconds: system.rootDelay),
            rootDispersion: NTPShortFormat(seconds: system.rootDispersion),
            referenceID: system.referenceID,
            referenceTimestamp: system.referenceTime,
            originTimestamp: running.onWire.lastReceivedTransmit,
            receiveTimestamp: running.onWire.lastReceivedAt,
            transmitTimestamp: now
        )
    }
}
