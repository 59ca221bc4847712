extension AssociationStateMachine {
    /// A packet from this association's peer arrived (RFC 5905 A.5.1,
    /// `receive()` and `packet()`). `authentication` is the engine's
    /// verdict on the packet's MAC.
    public mutating func receive(
        _ packet: NTPPacket,
        at arrival: LocalTimestamp,
        authentication: AuthenticationStatus = .none
    ) -> [AssociationAction] {
        guard case .running(var running) = state else { return [] }
        guard configuration.mode.accepts(packet.mode) else { return [.rejected(.unexpectedMode)] }
        if configuration.mode == .broadcastClient {
            let actions = receiveAsBroadcastClient(packet, at: arrival, authentication: authentication, running: &running)
            state = .running(running)
            return actions
        }
        let input = checkInput(packet, running: running, authentication: authentication)
        let verdict = PacketChecks.evaluate(input)
        let recorded = OnWireUpdate.records(
            verdict, input, symmetric: configuration.mode.isSymmetric, answeredRecently: running.reach.answeredRecently)
        if recorded {
            running.onWire.recordArrival(of: packet, at: arrival.wall)
        }
        var actions: [AssociationAction]
        switch verdict {
        case .accepted:
            actions = process(packet, at: arrival, running: &running)
        case .kissOfDeath(let code):
            return receiveKiss(code, packet: packet, at: arrival.monotonic, running: running)
        default:
            actions = [.rejected(verdict)]
        }
        actions += answerAtOnce(packet, recorded: recorded, at: arrival, running: &running)
        state = .running(running)
        return actions
    }

    /// A symmetric-passive association in a laboratory (the active peer
    /// polls every second or faster) answers each genuine mode-1 packet at
    /// once instead of waiting for its own poll: one packet per packet, so
    /// nothing is amplified, and the active peer's iburst fills its filter
    /// at burst speed (otherwise it gets one sample per passive poll, and a
    /// chain of peers takes several seconds per hop). Packets from a
    /// not-yet-synchronized peer are answered too, or neither side could
    /// start; a packet that changed nothing (``OnWireUpdate``) is not, as
    /// its answer could only carry a stale origin. At RFC polls the passive
    /// side keeps its own schedule.
    private func answerAtOnce(
        _ packet: NTPPacket, recorded: Bool, at arrival: LocalTimestamp, running: inout RunningState
    ) -> [AssociationAction] {
        guard recorded, configuration.mode == .symmetricPassive, packet.mode == .symmetricActive,
              packet.poll <= FastPollEstimator.maximumPollExponent else { return [] }
        guard let reply = makePacket(&running, now: arrival.wall) else { return [] }
        running.poll.lastPollAt = arrival.monotonic
        let next = running.poll.reschedule(now: arrival.monotonic, configuration: configuration)
        return [.send(reply), .schedulePoll(at: next)]
    }

    func checkInput(_ packet: NTPPacket, running: RunningState, authentication: AuthenticationStatus) -> PacketCheckInput {
        PacketCheckInput(
            packet: packet,
            onWire: running.onWire,
            isBroadcast: packet.mode == .broadcast,
            requiredKeyID: configuration.keyID,
            requireAuthentication: configuration.requireAuthentication,
            authentication: authentication,
            maximumRootDistance: configuration.maximumRootDistance
        )
    }

    /// An accepted packet: record the peer, mark it reachable, compute the
    /// sample and run it through the clock filter.
    func process(_ packet: NTPPacket, at arrival: LocalTimestamp, running: inout RunningState) -> [AssociationAction] {
        var actions: [AssociationAction] = []
        // The packet passed the origin check, so the departure stamp is of the request it answers.
        let departure = running.onWire.lastSentDeparture
        running.peer = PeerHeader(packet)
        running.poll.peerPoll = packet.poll
        let reachBefore = running.reach.value
        running.reach.recordReply()
        if running.reach.value != reachBefore { actions.append(.reachabilityChanged(running.reach.value)) }
        if reachBefore == 0, configuration.initialBurst, configuration.mode != .broadcastClient,
           !running.poll.inBurst, running.poll.lastPollAt != nil {
            // iburst fills the filter on first contact: when the peer first
            // answers after the initial burst is over (it was not ready, as a
            // peer that is itself still synchronizing), burst now.
            startBurst(&running)
            if running.poll.inBurst {
                actions.append(.schedulePoll(at: running.poll.reschedule(now: arrival.monotonic, configuration: configuration)))
            }
        }
        if packet.mode == .server {
            running.onWire.lastSentTransmit = .zero  // one reply per request
        }
        let sample = computeSample(
            packet, at: arrival, broadcastDelay: running.broadcastDelay, departure: departure == .zero ? nil : departure)
        actions.append(.sample(sample))
        // A burst's samples wait for its end (RFC 5905), except at fast polls
        // where every fresh estimate already averages several samples.
        let context = filterContext()
        if let update = running.filter.add(sample, clock: arrival, context: context),
           update.disposition == .fresh, !running.poll.inBurst || context.fastPolling {
            running.filter.markUsed(update.estimate)
            actions.append(.peerUpdated(update.estimate))
        }
        if !running.poll.inBurst, running.poll.lastPollAt != nil {
            let before = running.poll.nextPollAt
            let next = running.poll.reschedule(now: arrival.monotonic, configuration: configuration)
            if next != before { actions.append(.schedulePoll(at: next)) }
        }
        return actions
    }

    private func computeSample(
        _ packet: NTPPacket, at arrival: LocalTimestamp, broadcastDelay: Double, departure: NTPTimestamp?
    ) -> ClockSample {
        if packet.mode == .broadcast {
            return SampleComputation.broadcast(
                packet, receivedAt: arrival, systemPrecision: system.precision,
                broadcastDelay: broadcastDelay
            )
        }
        return SampleComputation.exchange(packet, receivedAt: arrival, systemPrecision: system.precision, departure: departure)
    }

    /// RATE slows polling down; DENY and RSTR stop the association.
    private mutating func receiveKiss(
        _ code: KissCode, packet: NTPPacket, at now: MonotonicInstant, running: RunningState
    ) -> [AssociationAction] {
        var running = running
        guard code.demand == .reducePollRate else {
            state = .stopped(.deniedByServer(code), running)
            return [.kissReceived(code), .stopped(.deniedByServer(code))]
        }
        running.poll.burstRemaining = 0
        running.poll.hostPoll = max(running.poll.hostPoll + 1, packet.poll)
        running.poll.peerPoll = max(running.poll.peerPoll, packet.poll)
        let next = running.poll.reschedule(now: now, configuration: configuration)
        state = .running(running)
        return [.kissReceived(code), .schedulePoll(at: next)]
    }
}
