/// Decodes chunked framing (RFC 6242 §4.2) one step at a time:
///
///     Chunked-Message = 1*chunk end-of-chunks
///     chunk           = LF HASH chunk-size LF chunk-data
///     chunk-size      = 1*DIGIT1 0*DIGIT          ; 1..4294967295
///     end-of-chunks   = LF HASH HASH LF
///
/// Header bytes are examined singly; chunk data is copied in bulk.
struct ChunkedMessageDecoder: Sendable {
    static let maximumChunkSize: UInt64 = 4_294_967_295

    private enum Step: Sendable, Equatable {
        /// Expecting the LF that opens a chunk header or the end-of-chunks marker.
        case lineFeed
        /// Expecting `#`.
        case hash
        /// After `LF #`: a second `#` (end-of-chunks) or the first digit of a chunk-size.
        case sizeOrEnd
        /// After a `0` in first position: only an LF (size zero) or a digit (leading zero) can follow.
        case zero
        /// Reading chunk-size digits.
        case size(UInt64)
        /// After `LF ##`: expecting the final LF.
        case endLineFeed
        /// Copying this many more octets of chunk data.
        case data(Int)
    }

    private var step = Step.lineFeed
    private var message: [UInt8] = []

    /// Octets of the message being assembled.
    var partialMessageCount: Int { message.count }

    /// True between messages, when no part of one has been read.
    var isBetweenMessages: Bool { step == .lineFeed && message.isEmpty }

    mutating func nextMessage(in buffer: inout ByteBuffer, maxMessageSize: Int) throws(FramingError) -> [UInt8]? {
        while buffer.readableCount > 0 {
            if case .data(let remaining) = step {
                let count = min(remaining, buffer.readableCount)
                message.append(contentsOf: buffer.take(upTo: buffer.readIndex + count))
                step = remaining == count ? .lineFeed : .data(remaining - count)
                continue
            }
            let byte = buffer[buffer.readIndex]
            buffer.skip(1)
            if let complete = try advance(over: byte, maxMessageSize: maxMessageSize) {
                return complete
            }
        }
        return nil
    }

    private mutating func advance(over byte: UInt8, maxMessageSize: Int) throws(FramingError) -> [UInt8]? {
        switch step {
        case .lineFeed:
            guard byte == .lineFeed else { throw .malformedChunkHeader("expected LF, found \(byte.framingDescription)") }
            step = .hash
        case .hash:
            guard byte == .hash else { throw .malformedChunkHeader("expected '#', found \(byte.framingDescription)") }
            step = .sizeOrEnd
        case .sizeOrEnd:
            if byte == .hash {
                guard !message.isEmpty else { throw .emptyChunkedMessage }
                step = .endLineFeed
            } else if byte == UInt8(ascii: "0") {
                step = .zero
            } else if let digit = byte.decimalDigit {
                step = .size(UInt64(digit))
            } else {
                throw .malformedChunkHeader("expected chunk-size or '#', found \(byte.framingDescription)")
            }
        case .zero:
            if byte == .lineFeed { throw .chunkSizeZero }
            throw .malformedChunkHeader(byte.decimalDigit == nil
                ? "expected LF, found \(byte.framingDescription)" : "chunk-size has a leading zero")
        case .size(let size):
            if byte == .lineFeed {
                guard UInt64(message.count) + size <= UInt64(maxMessageSize) else {
                    throw .messageTooLarge(limit: maxMessageSize)
                }
                step = .data(Int(size))
            } else if let digit = byte.decimalDigit {
                let grown = size * 10 + UInt64(digit)
                guard grown <= Self.maximumChunkSize else { throw .chunkSizeTooLarge }
                step = .size(grown)
            } else {
                throw .malformedChunkHeader("expected a digit or LF, found \(byte.framingDescription)")
            }
        case .endLineFeed:
            guard byte == .lineFeed else { throw .malformedChunkHeader("expected LF after '##', found \(byte.framingDescription)") }
            step = .lineFeed
            defer { message = [] }
            return message
        case .data:
            break  // handled in bulk by the caller
        }
        return nil
    }
}

extension UInt8 {
    static let lineFeed = UInt8(ascii: "\n")
    static let hash = UInt8(ascii: "#")

    var decimalDigit: UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) ? self - UInt8(ascii: "0") : nil
    }

    /// The byte as shown in a framing diagnostic: printable ASCII quoted, anything else in hex.
    var framingDescription: String {
        (0x21...0x7E).contains(self) ? "'\(Character(Unicode.Scalar(self)))'" : "0x" + String(self, radix: 16)
    }
}
