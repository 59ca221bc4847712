@testable import NTPCore

/// Answers client packets like an NTP server whose clock runs `offset`
/// seconds ahead of the test's local clock, after a one-way `delay`.
struct SimulatedServer {
    var offset: Double
    var stratum: UInt8 = 1
    var referenceID = ReferenceID(ascii: "GPS")
    var delay: Double = 0.010
    var poll: Int8 = 6

    func reply(to request: NTPPacket) -> NTPPacket {
        let serverReceive = request.transmitTimestamp + NTPInterval(seconds: delay + offset)
        return NTPPacket(
            mode: .server,
            stratum: stratum,
            poll: poll,
            precision: -20,
            rootDelay: NTPShortFormat(seconds: 0.001),
            rootDispersion: NTPShortFormat(seconds: 0.001),
            referenceID: referenceID,
            referenceTimestamp: serverReceive - NTPInterval(seconds: 10),
            originTimestamp: request.transmitTimestamp,
            receiveTimestamp: serverReceive,
            transmitTimestamp: serverReceive + NTPInterval(seconds: 0.0001)
        )
    }

    /// When the reply reaches the client, on the client's clocks.
    func arrival(of request: NTPPacket, sentAt sent: LocalTimestamp) -> LocalTimestamp {
        let roundTrip = 2 * delay + 0.0001
        return LocalTimestamp(
            wall: request.transmitTimestamp + NTPInterval(seconds: roundTrip),
            monotonic: sent.monotonic + .nanoseconds(Int64(roundTrip * 1e9))
        )
    }
}

extension LocalTimestamp {
    /// A local time `seconds` after an arbitrary start, on both clocks.
    static func at(_ seconds: Double) -> LocalTimestamp {
        LocalTimestamp(
            wall: NTPTimestamp(seconds: 3_900_000_000, fraction: 0) + NTPInterval(seconds: seconds),
            monotonic: .seconds(seconds)
        )
    }
}

extension Array where Element == AssociationAction {
    var sentPackets: [NTPPacket] {
        compactMap { if case .send(let packet) = $0 { packet } else { nil } }
    }

    var scheduledPoll: MonotonicInstant? {
        compactMap { if case .schedulePoll(let at) = $0 { at } else { nil } }.last
    }

    var peerUpdates: [PeerEstimate] {
        compactMap { if case .peerUpdated(let estimate) = $0 { estimate } else { nil } }
    }
}
