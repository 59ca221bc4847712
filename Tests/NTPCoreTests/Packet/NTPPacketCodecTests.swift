import Testing
@testable import NTPCore

@Suite struct NTPPacketCodecTests {
    /// A server reply laid out by hand from RFC 5905 Figure 8: LI 0, VN 4,
    /// mode 4, stratum 2, poll 6, precision -20, root delay 0x00000123,
    /// root dispersion 0x00000456, refid 192.0.2.1, then four timestamps.
    static let serverReply: [UInt8] = [
        0x24, 0x02, 0x06, 0xEC,
        0x00, 0x00, 0x01, 0x23,
        0x00, 0x00, 0x04, 0x56,
        0xC0, 0x00, 0x02, 0x01,
        0xE9, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
        0xE9, 0x00, 0x00, 0x01, 0x20, 0x00, 0x00, 0x00,
        0xE9, 0x00, 0x00, 0x02, 0x30, 0x00, 0x00, 0x00,
        0xE9, 0x00, 0x00, 0x03, 0x40, 0x00, 0x00, 0x00,
    ]

    @Test func parsesEveryHeaderField() throws {
        let packet = try NTPPacket.parse(Self.serverReply)
        #expect(packet.leap == .noWarning)
        #expect(packet.version == 4)
        #expect(packet.mode == .server)
        #expect(packet.stratum == 2)
        #expect(packet.poll == 6)
        #expect(packet.precision == -20)
        #expect(packet.rootDelay.rawValue == 0x123)
        #expect(packet.rootDispersion.rawValue == 0x456)
        #expect(packet.referenceID == ReferenceID(ipv4: 192, 0, 2, 1))
        #expect(packet.referenceTimestamp == NTPTimestamp(seconds: 0xE900_0000, fraction: 0x1000_0000))
        #expect(packet.originTimestamp == NTPTimestamp(seconds: 0xE900_0001, fraction: 0x2000_0000))
        #expect(packet.receiveTimestamp == NTPTimestamp(seconds: 0xE900_0002, fraction: 0x3000_0000))
        #expect(packet.transmitTimestamp == NTPTimestamp(seconds: 0xE900_0003, fraction: 0x4000_0000))
        #expect(packet.extensionFields.isEmpty)
        #expect(packet.authenticator == nil)
    }

    @Test func serializesBackToTheSameBytes() throws {
        let packet = try NTPPacket.parse(Self.serverReply)
        #expect(packet.serialize() == Self.serverReply)
        var buffer: [UInt8] = [0xFF]
        packet.serialize(into: &buffer)
        #expect(buffer == [0xFF] + Self.serverReply)
    }

    @Test func parsesFromAnyCollection() throws {
        let slice = ([0x00] + Self.serverReply)[1...]
        #expect(try NTPPacket.parse(slice) == NTPPacket.parse(Self.serverReply))
    }

    @Test(arguments: [UInt8(1), 2, 3, 4])
    func understandsVersionsOneToFour(version: UInt8) throws {
        var bytes = Self.serverReply
        bytes[0] = version << 3 | 3
        let packet = try NTPPacket.parse(bytes)
        #expect(packet.version == version)
        #expect(packet.mode == .client)
    }

    @Test(arguments: [UInt8(0), 5, 6, 7])
    func rejectsUnknownVersions(version: UInt8) {
        var bytes = Self.serverReply
        bytes[0] = version << 3 | 3
        #expect(throws: PacketError.self) { try NTPPacket.parse(bytes) }
    }

    @Test func rejectsControlAndPrivateModes() {
        for mode: UInt8 in [6, 7] {
            var bytes = Self.serverReply
            bytes[0] = 4 << 3 | mode
            let error = #expect(throws: PacketError.self) { try NTPPacket.parse(bytes) }
            #expect(error?.code == .unsupportedMode)
        }
    }

    @Test func rejectsTruncatedAndOversizedDatagrams() {
        let short = #expect(throws: PacketError.self) { try NTPPacket.parse(Self.serverReply.prefix(47)) }
        #expect(short?.code == .truncated)
        let long = #expect(throws: PacketError.self) {
            try NTPPacket.parse(Self.serverReply + [UInt8](repeating: 0, count: 4000))
        }
        #expect(long?.code == .oversized)
    }

    @Test func leapAndModeBitsArePacked() {
        let packet = NTPPacket(leap: .unsynchronized, version: 3, mode: .symmetricActive)
        #expect(packet.serialize()[0] == 0b11_011_001)
    }

    @Test func kissCodeIsReadOnlyFromStratumZero() {
        var packet = NTPPacket(mode: .server, stratum: 0, referenceID: ReferenceID(ascii: "RATE"))
        #expect(packet.kissCode == .rate)
        #expect(packet.kissCode?.demand == .reducePollRate)
        packet.stratum = 1
        #expect(packet.kissCode == nil)
        #expect(ReferenceID(ascii: "DENY").description == "DENY")
        #expect(ReferenceID(ipv4: 10, 1, 2, 3).description == "10.1.2.3")
    }
}
