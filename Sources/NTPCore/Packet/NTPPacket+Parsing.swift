extension NTPPacket {
    /// Decodes a datagram. Throws for anything that is not a well-formed
    /// NTP time packet of version 1 to 4; never traps on any input.
    public static func parse(_ bytes: some Collection<UInt8>) throws(PacketError) -> NTPPacket {
        let array = bytes as? [UInt8] ?? Array(bytes)
        guard array.count >= headerLength else { throw .truncated(length: array.count) }
        guard array.count <= maximumLength else { throw .oversized(length: array.count) }
        var reader = ByteReader(array)
        var packet = try parseHeader(&reader)
        try parseTrailer(&reader, into: &packet)
        return packet
    }

    private static func parseHeader(_ reader: inout ByteReader) throws(PacketError) -> NTPPacket {
        let first = try reader.readUInt8()
        let version = (first >> 3) & 0x7
        let mode = NTPMode(rawValue: first & 0x7)!
        guard supportedVersions.contains(version) else { throw .unsupportedVersion(version) }
        guard mode != .control, mode != .privateUse else { throw .unsupportedMode(mode) }
        return NTPPacket(
            leap: LeapIndicator(rawValue: first >> 6)!,
            version: version,
            mode: mode,
            stratum: try reader.readUInt8(),
            poll: Int8(bitPattern: try reader.readUInt8()),
            precision: Int8(bitPattern: try reader.readUInt8()),
            rootDelay: NTPShortFormat(rawValue: try reader.readUInt32()),
            rootDispersion: NTPShortFormat(rawValue: try reader.readUInt32()),
            referenceID: ReferenceID(rawValue: try reader.readUInt32()),
            referenceTimestamp: NTPTimestamp(rawValue: try reader.readUInt64()),
            originTimestamp: NTPTimestamp(rawValue: try reader.readUInt64()),
            receiveTimestamp: NTPTimestamp(rawValue: try reader.readUInt64()),
            transmitTimestamp: NTPTimestamp(rawValue: try reader.readUInt64())
        )
    }

    /// Walks what follows the header (RFC 7822 §7.5): a remainder of 4, 20
    /// or 24 bytes is an authenticator; anything longer must start with a
    /// valid extension field (NTPv4 only).
    private static func parseTrailer(_ reader: inout ByteReader, into packet: inout NTPPacket) throws(PacketError) {
        while reader.remaining > 0 {
            if isAuthenticatorLength(reader.remaining) {
                packet.authenticator = try parseAuthenticator(&reader)
                return
            }
            guard packet.version == 4, reader.remaining >= NTPExtensionField.minimumLength else {
                throw .malformedAuthenticator(remaining: reader.remaining)
            }
            packet.extensionFields.append(try parseExtensionField(&reader))
        }
    }

    private static func isAuthenticatorLength(_ length: Int) -> Bool {
        length == 4 || MessageAuthenticationCode.supportedDigestLengths.contains(length - 4)
    }

    private static func parseAuthenticator(_ reader: inout ByteReader) throws(PacketError) -> PacketAuthenticator {
        let keyID = try reader.readUInt32()
        if reader.remaining == 0 { return .cryptoNAK(keyID: keyID) }
        return .mac(MessageAuthenticationCode(keyID: keyID, digest: try reader.readBytes(reader.remaining)))
    }

    private static func parseExtensionField(_ reader: inout ByteReader) throws(PacketError) -> NTPExtensionField {
        let start = reader.offset
        guard let declared = reader.peekUInt16(at: 2) else { throw .malformedExtensionField(at: start) }
        let length = Int(declared)
        guard length >= NTPExtensionField.minimumLength, length % 4 == 0, length <= reader.remaining else {
            throw .malformedExtensionField(at: start)
        }
        let fieldType = try reader.readUInt16()
        _ = try reader.readUInt16()
        return NTPExtensionField(fieldType: fieldType, paddedValue: try reader.readBytes(length - 4))
    }
}
