extension NTPPacket {
    /// Encodes the packet, authenticator included.
    public func serialize() -> [UInt8] {
        var bytes: [UInt8] = []
        serialize(into: &bytes)
        return bytes
    }

    /// Appends the encoded packet to `bytes`, reusing its storage (the
    /// server's hot path keeps one buffer per socket).
    public func serialize(into bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + authenticatedLength + (authenticator?.length ?? 0))
        appendAuthenticatedBytes(to: &bytes)
        if let authenticator { Self.append(authenticator, to: &bytes) }
    }

    /// The bytes a MAC covers: header and extension fields.
    public func authenticatedBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(authenticatedLength)
        appendAuthenticatedBytes(to: &bytes)
        return bytes
    }

    private func appendAuthenticatedBytes(to bytes: inout [UInt8]) {
        appendHeader(to: &bytes)
        for field in extensionFields {
            Self.append(field, to: &bytes)
        }
    }

    private func appendHeader(to bytes: inout [UInt8]) {
        bytes.append(leap.rawValue << 6 | (version & 0x7) << 3 | mode.rawValue)
        bytes.append(stratum)
        bytes.append(UInt8(bitPattern: poll))
        bytes.append(UInt8(bitPattern: precision))
        Self.append(rootDelay.rawValue, to: &bytes)
        Self.append(rootDispersion.rawValue, to: &bytes)
        Self.append(referenceID.rawValue, to: &bytes)
        Self.append(referenceTimestamp.rawValue, to: &bytes)
        Self.append(originTimestamp.rawValue, to: &bytes)
        Self.append(receiveTimestamp.rawValue, to: &bytes)
        Self.append(transmitTimestamp.rawValue, to: &bytes)
    }

    private static func append(_ field: NTPExtensionField, to bytes: inout [UInt8]) {
        append(field.fieldType, to: &bytes)
        append(UInt16(truncatingIfNeeded: field.length), to: &bytes)
        bytes.append(contentsOf: field.value)
    }

    private static func append(_ authenticator: PacketAuthenticator, to bytes: inout [UInt8]) {
        append(authenticator.keyID, to: &bytes)
        if case .mac(let mac) = authenticator {
            bytes.append(contentsOf: mac.digest)
        }
    }

    private static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        append(UInt16(truncatingIfNeeded: value >> 16), to: &bytes)
        append(UInt16(truncatingIfNeeded: value), to: &bytes)
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        append(UInt32(truncatingIfNeeded: value >> 32), to: &bytes)
        append(UInt32(truncatingIfNeeded: value), to: &bytes)
    }
}
