public import NTPCore

extension EngineCore {
    /// One datagram from a socket: parse, authenticate, then serve it or
    /// hand it to its association.
    func receive(_ datagram: IncomingDatagram) {
        counters.packetsReceived += 1
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
    /// symmetric-passive one for an unknown symmetric-active peer.
    private func deliver(_ packet: NTPPacket, datagram: IncomingDatagram, authentication: AuthenticationStatus, arrival: LocalTimestamp) {
        let candidates = byRemote[datagram.source] ?? []
        var target = candidates.first { records[$0]?.machine.configuration.mode.accepts(packet.mode) == true }
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

    /// Creates a dynamic symmetric-passive association (RFC 5905 §9.1)
    /// when this socket serves, the peer has `peer` access, the packet is
    /// not forged with a bad MAC and the table has room.
    private func mobilizePassive(
        for packet: NTPPacket, datagram: IncomingDatagram, authentication: AuthenticationStatus, now: LocalTimestamp
    ) -> AssociationID? {
        guard socketPlan.serves(datagram.socket),
              configuration.accessRules.permits(datagram.source.address, .peer) else {
            drop(\.accessDenied)
            return nil
        }
        guard authentication != .failed else {
            counters.packetsDropped += 1
            return nil
        }
        guard records.values.filter(\.isDynamic).count < configuration.maximumDynamicAssociations else {
            drop(\.dynamicAssociationsRefused)
            return nil
        }
        var keyID: UInt32?
        if case .verified(let verified) = authentication { keyID = verified }
        // Follow the peer's poll, but never faster than this engine's own
        // associations are configured to poll (nor faster than 1 s without one).
        let floor = min(configuration.associations.map(\.minimumPollExponent).min() ?? 0, 0)
        let poll = min(max(packet.poll, floor), ProtocolConstants.maximumPollExponent)
        let machineConfiguration = AssociationConfiguration(
            mode: .symmetricPassive, version: packet.version,
            minimumPollExponent: poll, maximumPollExponent: max(poll, 10), keyID: keyID
        )
        return addAssociation(
            configuration: machineConfiguration, settings: nil, remote: datagram.source,
            socket: datagram.socket, now: now
        )
    }
}
