import NTPCore

extension EngineCore {
    /// One datagram from a socket: parse, authenticate, then serve it or
    /// hand it to its association.
    func receive(_ datagram: IncomingDatagram) {
        counters.packetsReceived += 1
        guard datagram.source.acceptsReplies else { return drop(\.invalidSource) }
        if !configuration.disabledAddresses.isEmpty,
           configuration.disabledAddresses.contains(datagram.destination ?? datagram.socket.address) {
            return drop(\.accessDenied)  // NTP is disabled on the interface it was sent to
        }
        let arrival = arrivalTime(datagram)
        guard let packet = try? NTPPacket.parse(datagram.bytes) else {
            return drop(\.badPackets)
        }
        let authentication = keys.verify(packet, datagram: datagram.bytes)
        if authentication == .failed { counters.authenticationFailures += 1 }
        switch packet.mode {
        case .client:
            serve(packet, datagram: datagram, authentication: authentication, arrival: arrival)
        case .server, .symmetricActive, .symmetricPassive, .broadcast:
            deliver(packet, datagram: datagram, authentication: authentication, arrival: arrival)
        case .reserved, .control, .privateUse:
            drop(\.badPackets)
        }
    }

    func drop(_ reason: WritableKeyPath<EngineCounters, Int>) {
        counters[keyPath: reason] += 1
        counters.packetsDropped += 1
    }

    /// The kernel's receive time when it is plausible (not in the future,
    /// at most a second old), otherwise now.
    private func arrivalTime(_ datagram: IncomingDatagram) -> LocalTimestamp {
        let reading = hostClock.read()
        guard let kernel = datagram.kernelTimestamp else {
            return driver.localTime(for: reading)
        }
        let age = (reading.realtime - kernel).seconds
        guard age >= 0, age < 1 else {
            return driver.localTime(for: reading)
        }
        let monotonic = MonotonicInstant(nanoseconds: reading.monotonic.nanoseconds - Int64(age * 1e9))
        let host = HostReading(realtime: kernel, monotonic: monotonic)
        return driver.localTime(for: host)
    }

    /// A mode-3 request: access, rate limit, then a reply signed with the
    /// request's key when it carried a valid MAC.
    private func serve(_ packet: NTPPacket, datagram: IncomingDatagram, authentication: AuthenticationStatus, arrival: LocalTimestamp) {
        guard socketPlan.serves(datagram.socket),
              configuration.accessRules.permits(datagram.source.address, .synchronization) else {
            return drop(\.accessDenied)
        }
        if authentication == .failed { return counters.packetsDropped += 1 }
        let served = servedVariables(now: arrival.wall)
        let reply = server.handle(packet, from: datagram.source.address, at: arrival, served: served) {
            self.localNow().wall
        }
        let answer: NTPPacket
        switch reply {
        case .reply(let packet):
            counters.requestsServed += 1
            answer = packet
        case .kissOfDeath(let packet):
            counters.kissCodesSent += 1
            answer = packet
        case .drop(.rateLimited):
            return drop(\.rateLimited)
        case .drop(.notAClientRequest):
            return drop(\.badPackets)
        }
        var bytes: [UInt8] = []
        answer.serialize(into: &bytes)
        if case .verified(let keyID) = authentication { keys.sign(&bytes, keyID: keyID) }
        send(OutgoingDatagram(
            bytes: bytes, destination: datagram.source, socket: datagram.socket,
            sourceAddress: datagram.socket.address.isWildcard ? datagram.destination : nil
        ))
    }

    func send(_ datagram: OutgoingDatagram) {
        counters.packetsSent += 1
        outbox.append(datagram)
    }

    /// A packet for an association: the one whose mode accepts it, or a new
    /// ephemeral one (``EngineCore+Ephemeral``). An ephemeral association
    /// past its deadline to become reachable is removed first, so the packet
    /// is treated as one from an unknown source.
    private func deliver(_ packet: NTPPacket, datagram: IncomingDatagram, authentication: AuthenticationStatus, arrival: LocalTimestamp) {
        let candidates = byRemote[datagram.source] ?? []
        var target = candidates.first { records[$0]?.machine.configuration.mode.accepts(packet.mode) == true }
        if let id = target, reapIfUnreached(id, now: arrival.monotonic) { target = nil }
        if packet.mode == .broadcast {
            target = deliverBroadcast(packet, datagram: datagram, authentication: authentication, arrival: arrival)
            if target == nil { return }
        } else if target == nil, packet.mode == .symmetricActive {
            target = mobilizePassive(for: packet, datagram: datagram, authentication: authentication, now: arrival)
            if target == nil { return }
        }
        guard let id = target else { return drop(\.badPackets) }
        records[id]!.packetsReceived += 1
        let actions = records[id]!.machine.receive(packet, at: arrival, authentication: authentication)
        if actions.contains(where: { if case .sample = $0 { true } else { false } }) {
            records[id]!.lastAccepted = arrival.monotonic
            records[id]!.lastAuthenticated = authentication != .none && authentication != .failed
        }
        handle(actions, for: id, now: arrival, authentication: authentication)
    }

    /// Creates a symmetric-passive association (RFC 5905 §9.1) for a mode-1
    /// packet from an unknown peer, on a socket that serves, when the
    /// admission rules allow. It follows the peer's poll within the policy's
    /// bounds and requires the key the packet was verified with.
    private func mobilizePassive(
        for packet: NTPPacket, datagram: IncomingDatagram, authentication: AuthenticationStatus, now: LocalTimestamp
    ) -> AssociationID? {
        guard socketPlan.serves(datagram.socket) else {
            drop(\.accessDenied)
            return nil
        }
        guard case .mobilize(let keyID) = admitEphemeral(packet, from: datagram.source, authentication: authentication, now: now) else {
            return nil
        }
        let poll = ephemeralPollExponent(announced: packet.poll)
        let machineConfiguration = AssociationConfiguration(
            mode: .symmetricPassive, version: packet.version,
            minimumPollExponent: poll, maximumPollExponent: max(poll, 10), keyID: keyID,
            requireAuthentication: configuration.authenticationRequired
        )
        return mobilizeEphemeral(configuration: machineConfiguration, remote: datagram.source, socket: datagram.socket, now: now)
    }
}
