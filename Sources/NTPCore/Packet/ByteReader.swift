/// A bounds-checked big-endian cursor over a byte array. Every read checks
/// the remaining length first, so malformed input can only throw.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    var remaining: Int { bytes.count - offset }

    mutating func readUInt8() throws(PacketError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(length: bytes.count) }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func readUInt16() throws(PacketError) -> UInt16 {
        UInt16(try readUInt8()) << 8 | UInt16(try readUInt8())
    }

    mutating func readUInt32() throws(PacketError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(length: bytes.count) }
        defer { offset += 4 }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }

    mutating func readUInt64() throws(PacketError) -> UInt64 {
        UInt64(try readUInt32()) << 32 | UInt64(try readUInt32())
    }

    mutating func readBytes(_ count: Int) throws(PacketError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .truncated(length: bytes.count) }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    /// Reads a big-endian `UInt16` at `offset + distance` without moving.
    func peekUInt16(at distance: Int) -> UInt16? {
        let start = offset + distance
        guard distance >= 0, start + 2 <= bytes.count else { return nil }
        return UInt16(bytes[start]) << 8 | UInt16(bytes[start + 1])
    }
}
