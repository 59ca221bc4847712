import Testing
@testable import NTPCore

@Suite struct NTPPacketTrailerTests {
    static let header = NTPPacketCodecTests.serverReply

    static func keyID(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    @Test(arguments: [16, 20])
    func parsesMACByDigestLength(digestLength: Int) throws {
        let digest = (0..<digestLength).map { UInt8($0) }
        let bytes = Self.header + Self.keyID(42) + digest
        let packet = try NTPPacket.parse(bytes)
        #expect(packet.authenticator == .mac(MessageAuthenticationCode(keyID: 42, digest: digest)))
        #expect(packet.authenticatedLength == 48)
        #expect(packet.authenticatedBytes() == Self.header)
        #expect(packet.serialize() == bytes)
    }

    @Test func parsesCryptoNAK() throws {
        let packet = try NTPPacket.parse(Self.header + Self.keyID(0))
        #expect(packet.authenticator == .cryptoNAK(keyID: 0))
        #expect(packet.serialize() == Self.header + Self.keyID(0))
    }

    @Test func skipsExtensionFieldsBeforeTheMAC() throws {
        let field: [UInt8] = [0x01, 0x04, 0x00, 0x14] + [UInt8](repeating: 0xAB, count: 16)
        let mac = Self.keyID(7) + [UInt8](repeating: 0x11, count: 20)
        let bytes = Self.header + field + mac
        let packet = try NTPPacket.parse(bytes)
        #expect(packet.extensionFields == [NTPExtensionField(fieldType: 0x0104, value: [UInt8](repeating: 0xAB, count: 16))])
        #expect(packet.authenticatedLength == 68)
        #expect(packet.authenticatedBytes() == Self.header + field)
        #expect(packet.serialize() == bytes)
    }

    @Test func extensionFieldWithoutMACMustBeLongerThanAMAC() throws {
        let field: [UInt8] = [0x02, 0x00, 0x00, 0x1C] + [UInt8](repeating: 0, count: 24)
        let packet = try NTPPacket.parse(Self.header + field)
        #expect(packet.extensionFields.count == 1)
        #expect(packet.authenticator == nil)
    }

    @Test(arguments: [
        [0x01, 0x00, 0x00, 0x0C] + [UInt8](repeating: 0, count: 24),  // length below 16
        [0x01, 0x00, 0x00, 0x1A] + [UInt8](repeating: 0, count: 24),  // not a multiple of 4
        [0x01, 0x00, 0x00, 0x40] + [UInt8](repeating: 0, count: 24),  // runs past the end
        [UInt8](repeating: 0, count: 8),                              // neither field nor MAC
    ])
    func rejectsMalformedTrailers(trailer: [UInt8]) {
        #expect(throws: PacketError.self) { try NTPPacket.parse(Self.header + trailer) }
    }

    @Test func olderVersionsCarryNoExtensionFields() {
        var bytes = Self.header + [0x01, 0x00, 0x00, 0x1C] + [UInt8](repeating: 0, count: 24)
        bytes[0] = 3 << 3 | 4
        let error = #expect(throws: PacketError.self) { try NTPPacket.parse(bytes) }
        #expect(error?.code == .malformedAuthenticator)
    }

    @Test func extensionFieldInitializerPadsToALegalLength() {
        let field = NTPExtensionField(fieldType: 9, value: [1, 2, 3])
        #expect(field.length == 16)
        let longer = NTPExtensionField(fieldType: 9, value: [UInt8](repeating: 1, count: 13))
        #expect(longer.length == 20)
    }
}
