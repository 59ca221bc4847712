import TestSupport
import Testing
@testable import NTPCore

/// The in-place responder writes byte for byte what the general path
/// serializes, and accepts only plain client requests.
@Suite struct InPlaceResponderTests {
    static let served = SystemVariables(
        leap: .lastMinuteHas61Seconds, stratum: 3, precision: -23, rootDelay: 0.0123, rootDispersion: 0.0456,
        referenceID: ReferenceID(ipv4: 10, 0, 0, 1), referenceTime: NTPTimestamp(seconds: 3_900_000_000, fraction: 77)
    )

    static func request(version: UInt8 = 4, poll: Int8 = 6, transmit: UInt64 = 0x1234_5678_9ABC_DEF0) -> [UInt8] {
        NTPPacket(version: version, mode: .client, poll: poll, transmitTimestamp: NTPTimestamp(rawValue: transmit)).serialize()
    }

    static func inPlace(_ request: [UInt8], served: SystemVariables, received: NTPTimestamp, transmit: NTPTimestamp) -> [UInt8] {
        var reply = [UInt8](repeating: 0xEE, count: 48)
        request.withUnsafeBytes { requestBytes in
            reply.withUnsafeMutableBytes { replyBytes in
                InPlaceResponder.writeReply(to: requestBytes, header: .init(served), receivedAt: received, into: replyBytes)
                InPlaceResponder.stampTransmit(transmit, into: replyBytes)
            }
        }
        return reply
    }

    @Test(arguments: [UInt8(1), 2, 3, 4])
    func replyMatchesTheGeneralPath(version: UInt8) throws {
        let received = NTPTimestamp(seconds: 3_900_000_100, fraction: 5)
        let transmit = NTPTimestamp(seconds: 3_900_000_100, fraction: 9)
        for served in [Self.served, SystemVariables.unsynchronized(precision: -20)] {
            for poll: Int8 in [-6, 0, 6, 17, -128] {
                let bytes = Self.request(version: version, poll: poll)
                let request = try NTPPacket.parse(bytes)
                let general = try #require(ServerResponder.reply(to: request, receivedAt: received, served: served) { transmit })
                #expect(Self.inPlace(bytes, served: served, received: received, transmit: transmit) == general.serialize())
            }
        }
    }

    @Test func rateKissMatchesTheGeneralPath() throws {
        for poll: Int8 in [-3, 2, 10] {
            let bytes = Self.request(poll: poll)
            let expected = ServerResponder.rateKiss(to: try NTPPacket.parse(bytes), minimumPoll: 6).serialize()
            var reply = [UInt8](repeating: 0xEE, count: 48)
            bytes.withUnsafeBytes { request in
                reply.withUnsafeMutableBytes { InPlaceResponder.writeRateKiss(to: request, minimumPoll: 6, into: $0) }
            }
            #expect(reply == expected)
        }
    }

    @Test func onlyPlainClientRequestsQualify() {
        func plain(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { InPlaceResponder.isPlainClientRequest($0) } }
        let good = Self.request()
        #expect(plain(good))
        #expect(!plain([]))
        #expect(!plain(Array(good.prefix(47))))                     // truncated
        #expect(!plain(good + [0, 0, 0, 1]))                        // crypto-NAK / MAC trailer
        #expect(!plain(good + [UInt8](repeating: 0, count: 20)))    // MAC
        for mode: UInt8 in [0, 1, 2, 4, 5, 6, 7] {
            var bytes = good
            bytes[0] = bytes[0] & ~0x7 | mode
            #expect(!plain(bytes))
        }
        for version: UInt8 in [0, 5, 6, 7] {
            var bytes = good
            bytes[0] = bytes[0] & ~0x38 | version << 3
            #expect(!plain(bytes))
        }
    }

    /// Every 48-byte input either qualifies (and then parses as a client
    /// request) or not; writing never reads past the request.
    @Test func randomInputsAgreeWithTheParser() {
        var generator = SeededGenerator(seed: 21)
        for _ in 0..<5_000 {
            let bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let qualifies = bytes.withUnsafeBytes { InPlaceResponder.isPlainClientRequest($0) }
            let parsed = try? NTPPacket.parse(bytes)
            #expect(qualifies == (parsed?.mode == .client))
        }
    }
}
