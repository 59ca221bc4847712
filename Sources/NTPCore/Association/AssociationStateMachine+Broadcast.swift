/// Broadcast and multicast modes (RFC 5905 §9.1, §15): the server side sends
/// mode 5 every poll while it has time to give; the client side calibrates the
/// propagation delay with a short volley of client requests, then takes its
/// samples from the broadcasts with that delay.
extension AssociationStateMachine {
    /// A broadcast server's poll: a mode-5 packet when this host is
    /// synchronized (or a refclock-master), nothing otherwise, as ntpd and
    /// RFC 5905's `transmit()` do; then the next poll, 2^poll later.
    func broadcastPoll(_ running: inout RunningState, now: LocalTimestamp) -> [AssociationAction] {
        running.poll.lastPollAt = now.monotonic
        var actions: [AssociationAction] = []
        if system.isSynchronized {
            running.onWire.lastSentTransmit = now.wall
            actions.append(.send(ownPacket(mode: .broadcast, poll: configuration.minimumPollExponent, now: now.wall)))
        }
        let next = now.monotonic + Self.interval(exponent: configuration.minimumPollExponent)
        running.poll.nextPollAt = next
        actions.append(.schedulePoll(at: next))
        return actions
    }

    /// A broadcast client's poll while calibrating: the next request of the
    /// volley, or, when every request is out and the last one had its time,
    /// the end of the calibration with what was measured.
    func calibrationPoll(_ running: inout RunningState, now: LocalTimestamp) -> [AssociationAction] {
        guard var calibration = running.calibration else { return [] }
        guard calibration.requestsLeft > 0 else { return finishCalibration(&running, now: now.monotonic) }
        calibration.requestsLeft -= 1
        running.calibration = calibration
        running.onWire.lastSentTransmit = now.wall
        let next = now.monotonic + configuration.burstPolicy.spacing
        running.poll.nextPollAt = next
        return [.send(ownPacket(mode: .client, poll: running.poll.hostPoll, now: now.wall)), .schedulePoll(at: next)]
    }

    /// A packet for a broadcast client: mode-4 replies count only while the
    /// volley runs; broadcasts heard during the volley mark the server
    /// reachable but give no sample until the delay is known.
    mutating func receiveAsBroadcastClient(
        _ packet: NTPPacket, at arrival: LocalTimestamp, authentication: AuthenticationStatus, running: inout RunningState
    ) -> [AssociationAction] {
        let calibrating = running.calibration != nil
        if packet.mode == .server, !calibrating { return [.rejected(.unexpectedMode)] }
        let input = checkInput(packet, running: running, authentication: authentication)
        let verdict = PacketChecks.evaluate(input)
        if OnWireUpdate.records(verdict, input, symmetric: false, answeredRecently: running.reach.answeredRecently) {
            running.onWire.recordArrival(of: packet, at: arrival.wall)
        }
        switch verdict {
        case .accepted where packet.mode == .broadcast && calibrating:
            running.peer = PeerHeader(packet)
            running.poll.peerPoll = packet.poll
            let before = running.reach.value
            running.reach.recordReply()
            return running.reach.value == before ? [] : [.reachabilityChanged(running.reach.value)]
        case .accepted:
            var actions = process(packet, at: arrival, running: &running)
            if packet.mode == .server, var calibration = running.calibration {
                for case .sample(let sample) in actions { calibration.record(delay: sample.delay) }
                running.calibration = calibration
                if calibration.isComplete { actions += finishCalibration(&running, now: arrival.monotonic) }
            }
            return actions
        case .kissOfDeath(let code):
            // The server refuses requests: its broadcasts may still be used.
            return [.kissReceived(code)] + finishCalibration(&running, now: arrival.monotonic)
        default:
            return [.rejected(verdict)]
        }
    }

    /// Ends the volley: the shortest measured round trip becomes the
    /// broadcast delay (the configured one when nothing answered), and
    /// listening polls start.
    func finishCalibration(_ running: inout RunningState, now: MonotonicInstant) -> [AssociationAction] {
        guard let calibration = running.calibration else { return [] }
        running.calibration = nil
        let measured = calibration.delay
        running.broadcastDelay = measured ?? configuration.broadcastDelay
        running.onWire.lastSentTransmit = .zero
        running.poll.lastPollAt = now
        let next = running.poll.reschedule(now: now, configuration: configuration)
        return [.calibrated(delay: running.broadcastDelay, measured: measured != nil), .schedulePoll(at: next)]
    }

    /// A packet carrying this host's system variables and only a transmit
    /// timestamp (broadcasts and calibration requests).
    private func ownPacket(mode: NTPMode, poll: Int8, now: NTPTimestamp) -> NTPPacket {
        NTPPacket(
            leap: system.leap,
            version: configuration.version,
            mode: mode,
            stratum: system.stratum,
            poll: poll,
            precision: system.precision,
            rootDelay: NTPShortFormat(seconds: system.rootDelay),
            rootDispersion: NTPShortFormat(seconds: system.rootDispersion),
            referenceID: system.referenceID,
            referenceTimestamp: system.referenceTime,
            transmitTimestamp: now
        )
    }

    /// 2^exponent seconds; negative exponents (laboratories) give fractions.
    static func interval(exponent: Int8) -> Duration {
        exponent >= 0
            ? .seconds(Int64(1) << Int64(min(exponent, 30)))
            : .nanoseconds(1_000_000_000 >> Int64(min(-Int(exponent), 20)))
    }

    /// Whether the broadcast client still runs its calibration volley.
    public var isCalibrating: Bool {
        if case .running(let running) = state { running.calibration != nil } else { false }
    }

    /// The round-trip delay broadcast samples use now.
    public var broadcastDelay: Double? {
        if case .running(let running) = state { running.broadcastDelay } else { nil }
    }
}
