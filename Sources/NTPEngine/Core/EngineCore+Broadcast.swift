import NTPCore

/// Broadcast and multicast: static senders (broadcast-server associations)
/// and dynamic broadcast clients mobilized by the first mode-5 packet heard
/// on a listening socket.
extension EngineCore {
    func addBroadcastServer(_ sender: BroadcastServerSettings, port: UInt16, now: LocalTimestamp) {
        let configuration = AssociationConfiguration(
            mode: .broadcastServer, version: sender.version,
            minimumPollExponent: options.broadcastPollExponent ?? sender.pollExponent,
            maximumPollExponent: options.broadcastPollExponent ?? sender.pollExponent,
            keyID: sender.keyID
        )
        let id = addAssociation(
            configuration: configuration, settings: nil,
            remote: NTPEndpoint(address: sender.destination, port: port),
            socket: SocketBinding(address: sender.source, port: port), now: now
        )
        records[id]?.broadcastServer = sender
    }

    /// A dynamic broadcast client survives a new configuration when its
    /// listener still exists with the same sockets and it still meets the
    /// rules of any ephemeral association.
    func keepsBroadcastClient(
        _ record: AssociationRecord, listener: String, in new: EngineConfiguration, configured: Set<IPAddress>
    ) -> Bool {
        guard let settings = new.broadcastClients.first(where: { $0.name == listener }),
              SocketPlan.sendBinding(for: settings, in: new) == record.socket else { return false }
        return keepsEphemeral(record, in: new, configured: configured)
    }

    /// A mode-5 packet: followed only from a listening socket, by its
    /// association or a new one the admission rules allow.
    func deliverBroadcast(
        _ packet: NTPPacket, datagram: IncomingDatagram, authentication: AuthenticationStatus, arrival: LocalTimestamp
    ) -> AssociationID? {
        guard let listener = socketPlan.broadcastReceivers[datagram.socket] else {
            // The copy a wildcard socket also gets of a broadcast or group we
            // listen to on its own socket: counted there, ignored here.
            if datagram.socket.address.isWildcard, let destination = datagram.destination,
               socketPlan.broadcastReceivers.keys.contains(where: { $0.address == destination }) {
                counters.packetsReceived -= 1
                return nil
            }
            drop(\.accessDenied)
            return nil
        }
        let candidates = byRemote[datagram.source] ?? []
        if let id = candidates.first(where: { records[$0]?.machine.configuration.mode == .broadcastClient }) {
            return id
        }
        return mobilizeBroadcastClient(packet, datagram: datagram, listener: listener, authentication: authentication, now: arrival)
    }

    private func mobilizeBroadcastClient(
        _ packet: NTPPacket, datagram: IncomingDatagram, listener: BroadcastClientSettings,
        authentication: AuthenticationStatus, now: LocalTimestamp
    ) -> AssociationID? {
        guard case .mobilize(let keyID) = admitEphemeral(packet, from: datagram.source, authentication: authentication, now: now) else {
            return nil
        }
        let poll = ephemeralPollExponent(announced: packet.poll)
        let machineConfiguration = AssociationConfiguration(
            mode: .broadcastClient, version: packet.version,
            minimumPollExponent: poll, maximumPollExponent: max(poll, 10),
            burstPolicy: AssociationSettings.defaultBurstPolicy, keyID: keyID,
            requireAuthentication: configuration.authenticationRequired
        )
        let id = mobilizeEphemeral(
            configuration: machineConfiguration, remote: datagram.source,
            socket: SocketPlan.sendBinding(for: listener, in: configuration), now: now
        )
        records[id]?.broadcastListener = listener.name
        return id
    }

    static func validateBroadcast(_ configuration: EngineConfiguration) throws(EngineError) {
        var names: Set<String> = []
        let keyIDs = Set(configuration.keys.map(\.id))
        for sender in configuration.broadcastServers {
            guard names.insert(sender.name).inserted else { throw .duplicateAssociation(sender.name) }
            if let keyID = sender.keyID, !keyIDs.contains(keyID) { throw .unknownKey(keyID, association: sender.name) }
            if !NTPPacket.supportedVersions.contains(sender.version) {
                throw .invalidValue("\(sender.name): version \(sender.version) is outside 1..4")
            }
            if sender.source.isIPv4 != sender.destination.isIPv4 || sender.source.isWildcard || sender.source.isMulticast {
                throw .invalidValue("\(sender.name): cannot send to \(sender.destination) from \(sender.source)")
            }
            if !sender.isMulticast, !sender.destination.isIPv4 { throw .invalidValue("\(sender.name): IPv6 has no broadcast") }
            if sender.isMulticast, sender.ttl == 0 { throw .invalidValue("\(sender.name): multicast TTL 0") }
        }
        let senders = Dictionary(grouping: configuration.broadcastServers.filter(\.isMulticast), by: \.source)
        for (source, group) in senders where Set(group.map(\.ttl)).count > 1 {
            throw .invalidValue("multicast groups sent from \(source) need one TTL, not \(Set(group.map(\.ttl)).sorted())")
        }
        for listener in configuration.broadcastClients {
            if listener.source.isIPv4 != listener.listen.isIPv4 || listener.source.isWildcard || listener.source.isMulticast {
                throw .invalidValue("\(listener.name): cannot listen to \(listener.listen) on the interface of \(listener.source)")
            }
        }
    }
}
