import NTPCore

/// One NTP datagram, as the engine handles it: `NTPPacket.parse`, then a mode-3 request is
/// answered by `NTPServer` (rate limit, `ServerResponder`) and, when plain, by
/// `InPlaceResponder`; any other packet is received by an `AssociationStateMachine` whose mode
/// accepts it (`PacketChecks`, sample, clock filter).
///
/// Input: a control byte (bit 0: the association's last transmit is the packet's origin, so
/// the origin test passes; bits 1-2: no MAC, a MAC verified with key 1 or 2, a failed MAC;
/// bit 3: the association requires key 1; bit 4: the served clock is synchronized; bit 5:
/// rate limiting on; bit 6: a mode-1 packet meets a symmetric-active rather than a passive
/// association), a byte for how many times the request arrives (1 to 16), then the datagram.
///
/// Invariants: a plain client request parses; a parsed datagram serializes back to the same
/// bytes; the in-place reply and kiss are byte for byte those of `ServerResponder`; every
/// packet sent parses back to itself.
enum NTPTarget {
    static let receivedAt = NTPTimestamp(seconds: 3_900_000_000, fraction: 0x4000_0000)
    static let transmitAt = NTPTimestamp(seconds: 3_900_000_000, fraction: 0x4100_0000)

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let control = input.controlByte()
        let arrivals = Int(input.controlByte() % 16) + 1
        let datagram = input.payload

        let plain = datagram.withUnsafeBytes { InPlaceResponder.isPlainClientRequest($0) }
        let packet: NTPPacket
        do {
            packet = try NTPPacket.parse(datagram)
        } catch {
            invariant(!plain, .ntp, "a plain client request does not parse: \(error)")
            return
        }
        invariant(packet.serialize() == datagram, .ntp, "\(packet) serializes to other bytes than it was parsed from")
        let served = control & 0x10 != 0
            ? SystemVariables(leap: .noWarning, stratum: 2, precision: -20, rootDelay: 0.0125, rootDispersion: 0.031,
                              referenceID: ReferenceID(ipv4: 192, 0, 2, 1), referenceTime: NTPTimestamp(seconds: 3_899_999_000, fraction: 7),
                              pollExponent: 6)
            : SystemVariables.unsynchronized(precision: -20)
        if packet.mode == .client {
            serve(packet, datagram: datagram, plain: plain, served: served, rateLimited: control & 0x20 != 0, arrivals: arrivals)
        } else {
            associate(packet, served: served, control: control)
        }
    }

    static func serve(_ request: NTPPacket, datagram: [UInt8], plain: Bool, served: SystemVariables, rateLimited: Bool, arrivals: Int) {
        guard let reply = ServerResponder.reply(to: request, receivedAt: receivedAt, served: served, transmitTimestamp: { transmitAt }) else {
            return invariant(false, .ntp, "no reply to a client request")
        }
        invariant(reply.mode == .server && reply.version == request.version && reply.originTimestamp == request.transmitTimestamp,
                  .ntp, "reply \(reply) does not answer \(request)")
        let kiss = ServerResponder.rateKiss(to: request, minimumPoll: 6)
        if plain {
            datagram.withUnsafeBytes { request in
                var inPlace = [UInt8](repeating: 0xA5, count: InPlaceResponder.length)
                inPlace.withUnsafeMutableBytes { buffer in
                    InPlaceResponder.writeReply(to: request, header: .init(served), receivedAt: receivedAt, into: buffer)
                    InPlaceResponder.stampTransmit(transmitAt, into: buffer)
                }
                invariant(inPlace == reply.serialize(), .ntp, "the in-place reply \(inPlace) differs from \(reply.serialize())")
                inPlace.withUnsafeMutableBytes { InPlaceResponder.writeRateKiss(to: request, minimumPoll: 6, into: $0) }
                invariant(inPlace == kiss.serialize(), .ntp, "the in-place kiss \(inPlace) differs from \(kiss.serialize())")
            }
        }
        var server = NTPServer<UInt8>(rateLimit: rateLimited
            ? RateLimitPolicy(averageInterval: 2, burst: 2, kissInterval: 4, tableCapacity: 4, associativity: 2) : nil)
        for arrival in 0..<arrivals {
            let at = LocalTimestamp(wall: receivedAt, monotonic: MonotonicInstant(nanoseconds: Int64(arrival) * 300_000_000))
            switch server.handle(request, from: UInt8(arrival % 5), at: at, served: served, transmitTimestamp: { transmitAt }) {
            case .reply(let sent), .kissOfDeath(let sent): checkSendable(sent)
            case .drop(let reason): invariant(reason == .rateLimited && rateLimited, .ntp, "a client request dropped: \(reason)")
            }
        }
    }

    static func associate(_ packet: NTPPacket, served: SystemVariables, control: UInt8) {
        let mode: AssociationMode = switch packet.mode {
        case .symmetricActive: control & 0x40 != 0 ? .symmetricActive : .symmetricPassive
        case .symmetricPassive: .symmetricActive
        case .broadcast: .broadcastClient
        default: .client
        }
        let authentication: AuthenticationStatus = [.none, .verified(keyID: 1), .verified(keyID: 2), .failed][Int(control >> 1) & 3]
        let configuration = AssociationConfiguration(mode: mode, keyID: control & 0x08 != 0 ? 1 : nil, calibrationRequests: 1)
        var machine = AssociationStateMachine(id: AssociationID(1), configuration: configuration, system: served)
        var actions = machine.start(at: MonotonicInstant(nanoseconds: 0))
        let start = LocalTimestamp(wall: receivedAt, monotonic: MonotonicInstant(nanoseconds: 0))
        actions += machine.pollDue(now: start)
        if control & 0x01 != 0 { machine.transmitted(at: packet.originTimestamp) }
        for step in 1...3 {
            // The packet arrives, then again (a duplicate), then the next poll is due.
            let now = LocalTimestamp(
                wall: receivedAt + NTPInterval(seconds: 0.02 * Double(step)),
                monotonic: MonotonicInstant(nanoseconds: 20_000_000 * Int64(step)))
            actions += step < 3 ? machine.receive(packet, at: now, authentication: authentication) : machine.pollDue(now: now)
        }
        for case .send(let sent) in actions { checkSendable(sent) }
    }

    /// A packet we send parses back to itself.
    static func checkSendable(_ packet: NTPPacket) {
        let bytes = packet.serialize()
        invariant((try? NTPPacket.parse(bytes)) == packet, .ntp, "sent packet \(packet) does not parse back to itself")
    }
}
