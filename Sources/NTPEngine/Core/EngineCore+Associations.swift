import NTPCore

extension EngineCore {
    /// Registers and starts an association; its first poll is due now.
    @discardableResult
    func addAssociation(
        configuration machineConfiguration: AssociationConfiguration, settings: AssociationSettings?,
        remote: NTPEndpoint?, socket: SocketBinding, now: LocalTimestamp
    ) -> AssociationID {
        let id = AssociationID(nextAssociationID)
        nextAssociationID += 1
        let machine = AssociationStateMachine(
            id: id, configuration: machineConfiguration, system: servedVariables(now: now.wall)
        )
        records[id] = AssociationRecord(machine: machine, settings: settings, remote: remote, socket: socket)
        if let remote {
            byRemote[remote, default: []].append(id)
            if settings != nil { configuredSources[remote.address, default: 0] += 1 }
            handle(records[id]!.machine.start(at: now.monotonic), for: id, now: now)
        } else if let settings {
            pendingResolutions.insert(settings.host)
        }
        return id
    }

    /// Stops and forgets an association.
    func removeAssociation(_ id: AssociationID) {
        if systemPeer == id { setSystemPeer(nil) }
        guard let record = records.removeValue(forKey: id) else { return }
        if let remote = record.remote {
            byRemote[remote]?.removeAll { $0 == id }
            if byRemote[remote]?.isEmpty == true { byRemote[remote] = nil }
            if record.settings != nil {
                configuredSources[remote.address, default: 1] -= 1
                if configuredSources[remote.address] == 0 { configuredSources[remote.address] = nil }
            }
            if ephemeralByAddress[remote.address] == id { ephemeralByAddress[remote.address] = nil }
        }
        statuses[id] = nil
    }

    /// A host name resolved: start the associations waiting for it with
    /// the first address of their socket's family. An association already
    /// running on an address the name no longer has restarts on a new one.
    /// A name that resolves to no address of a waiting association's family is a failure
    /// for that association (``resolutionFailed(host:reason:)``).
    func resolved(host: String, addresses: [IPAddress]) {
        pendingResolutions.remove(host)
        resolutionFailures[host] = nil
        let now = localNow()
        let named = records.values.filter { $0.settings?.host == host && $0.settings?.numericAddress == nil }
        for record in named.sorted(by: { $0.id < $1.id }) {
            guard let settings = record.settings else { continue }
            guard let address = addresses.first(where: { $0.isIPv4 == record.socket.address.isIPv4 }) else {
                if record.remote == nil {
                    resolutionFailed(host: host, reason: "no \(record.socket.address.isIPv4 ? "IPv4" : "IPv6") address")
                }
                continue
            }
            if let remote = record.remote {
                guard !addresses.contains(remote.address) else { continue }
                removeAssociation(record.id)
                addAssociation(configuration: machineConfiguration(for: settings), settings: settings,
                               remote: NTPEndpoint(address: address, port: settings.port), socket: record.socket, now: now)
            } else {
                let remote = NTPEndpoint(address: address, port: settings.port)
                records[record.id]!.remote = remote
                byRemote[remote, default: []].append(record.id)
                configuredSources[address, default: 0] += 1
                handle(records[record.id]!.machine.start(at: now.monotonic), for: record.id, now: now)
            }
        }
    }

    /// Executes what an association machine asked for.
    func handle(
        _ actions: [AssociationAction], for id: AssociationID, now: LocalTimestamp,
        authentication: AuthenticationStatus = .none
    ) {
        var needsSelection = false
        for action in actions {
            guard records[id] != nil else { break }
            switch action {
            case .send(let packet):
                transmit(packet, for: id)
            case .schedulePoll(let at):
                records[id]!.nextPoll = jitter.spread(at, now: now.monotonic)
            case .sample:
                break
            case .peerUpdated:
                needsSelection = true
            case .reachabilityChanged(let reach):
                reachChanged(id, to: reach)
                if reach != 0 {
                    records[id]!.reachDeadline = nil
                } else {
                    needsSelection = true
                    if records[id]!.isDynamic {
                        reap(id, wasReachable: true)  // RFC 5905 §9.2: an unreachable ephemeral peer is demobilized
                    } else if let settings = records[id]!.settings, settings.numericAddress == nil {
                        pendingResolutions.insert(settings.host)  // re-resolve an unreachable name
                    }
                }
            case .rejected(let verdict):
                count(verdict, authentication: authentication)
                if let failure = Self.authenticationFailure(verdict, authentication: authentication) {
                    authenticationFailed(id, reason: failure, now: now.monotonic)
                }
                if verdict == .unsynchronizedServer || verdict == .excessiveRootDistance { answered(id, now: now.monotonic) }
            case .kissReceived(let code):
                counters.kissCodesReceived += 1
                emit(.kissOfDeathReceived(records[id]!.eventAssociation, code: code))
            case .stopped:
                records[id]!.nextPoll = nil
                needsSelection = true
                if records[id]!.isDynamic { reap(id, wasReachable: records[id]!.reachDeadline == nil) }
            case .calibrated:
                break
            }
        }
        if needsSelection { select(now: now) }
    }

    private func count(_ verdict: PacketVerdict, authentication: AuthenticationStatus) {
        counters.packetsDropped += 1
        switch verdict {
        case .authenticationFailed where authentication == .none:
            counters.unauthenticatedDropped += 1
        case .authenticationFailed, .cryptoNAK:
            // A bad MAC was counted when it arrived; a wrong key here.
            if authentication != .failed { counters.authenticationFailures += 1 }
        case .unexpectedMode:
            counters.badPackets += 1
        default:
            counters.sanityCheckFailures += 1
        }
    }

    /// Stamps the packet's transmit time as late as possible, signs it with
    /// the association's key and queues it.
    private func transmit(_ packet: NTPPacket, for id: AssociationID) {
        guard let record = records[id], let remote = record.remote else { return }
        var packet = packet
        packet.transmitTimestamp = localNow().wall
        records[id]!.machine.transmitted(at: packet.transmitTimestamp)
        var bytes: [UInt8] = []
        packet.serialize(into: &bytes)
        if let keyID = record.keyID { keys.sign(&bytes, keyID: keyID) }
        records[id]!.packetsSent += 1
        send(OutgoingDatagram(bytes: bytes, destination: remote, socket: record.socket,
                              restampFor: record.keyID == nil ? id : nil))
    }

    /// The clock driver's correction now, for a sender that stamps an
    /// unauthenticated association packet itself just before the syscall.
    func currentCorrection() -> Double {
        driver.correction(at: hostClock.read().monotonic)
    }

    /// The sender stamped association `id`'s packet with `stamp` (the reply
    /// check must match the time actually sent).
    /// `departure` (the kernel's stamp of the packet leaving) is kept only when it follows
    /// the transmit timestamp by less than 10 ms, as a send does.
    func transmitted(_ stamp: NTPTimestamp, departure: NTPTimestamp?, for id: AssociationID) {
        guard records[id] != nil else { return }
        let plausible = departure.flatMap { departure in
            (0..<0.01).contains((departure - stamp).seconds) ? departure : nil
        }
        records[id]!.machine.transmitted(at: stamp, departure: plausible)
    }
}
