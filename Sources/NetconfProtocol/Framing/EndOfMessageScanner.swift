/// Finds `]]>]]>` delimited messages (RFC 6242 §4.3) without rescanning bytes already seen.
struct EndOfMessageScanner: Sendable {
    static let delimiter: [UInt8] = Array("]]>]]>".utf8)
    private static let lastByte = UInt8(ascii: ">")

    /// The first buffer index not yet examined as the end of a delimiter.
    private var scanIndex = 0

    mutating func shift(by offset: Int) {
        scanIndex = max(0, scanIndex - offset)
    }

    /// The next complete message, or nil when the buffer holds none yet. Messages that are only
    /// whitespace (for example a newline a client sends after `]]>]]>`) are skipped; leading
    /// whitespace is removed so it cannot precede an XML declaration.
    mutating func nextMessage(in buffer: inout ByteBuffer, maxMessageSize: Int) throws(FramingError) -> [UInt8]? {
        while true {
            guard let end = findDelimiterEnd(in: buffer) else {
                scanIndex = buffer.endIndex
                if buffer.readableCount - (Self.delimiter.count - 1) > maxMessageSize {
                    throw .messageTooLarge(limit: maxMessageSize)
                }
                return nil
            }
            let message = buffer.take(upTo: end - Self.delimiter.count + 1)
            buffer.skip(Self.delimiter.count)
            scanIndex = buffer.readIndex
            guard message.count <= maxMessageSize else { throw .messageTooLarge(limit: maxMessageSize) }
            guard let start = message.firstIndex(where: { !$0.isXMLWhitespace }) else { continue }
            return Array(message[start...])
        }
    }

    /// The index of the final `>` of the first delimiter at or after the scan position.
    private func findDelimiterEnd(in buffer: ByteBuffer) -> Int? {
        let earliest = buffer.readIndex + Self.delimiter.count - 1
        var index = max(scanIndex, earliest)
        while index < buffer.endIndex {
            guard let candidate = buffer.storage[index...].firstIndex(of: Self.lastByte) else { return nil }
            if delimiterEnds(at: candidate, in: buffer) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private func delimiterEnds(at end: Int, in buffer: ByteBuffer) -> Bool {
        let start = end - Self.delimiter.count + 1
        guard start >= buffer.readIndex else { return false }
        return buffer.storage[start...end].elementsEqual(Self.delimiter)
    }

    /// True when the bytes left in `buffer` could still be part of a message (not only
    /// whitespace between messages).
    func holdsPartialMessage(_ buffer: ByteBuffer) -> Bool {
        buffer.storage[buffer.readIndex...].contains { !$0.isXMLWhitespace }
    }
}

extension UInt8 {
    var isXMLWhitespace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D
    }
}
