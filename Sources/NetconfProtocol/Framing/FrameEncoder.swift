/// Frames outgoing messages (RFC 6242) in the session's current mode.
public struct FrameEncoder: Sendable {
    public private(set) var mode: FramingMode
    /// The largest chunk written in chunked mode; longer messages are split.
    public let maximumChunkSize: Int

    /// The largest chunk-size RFC 6242 allows, 4294967295.
    public static let largestChunkSize = Int(ChunkedMessageDecoder.maximumChunkSize)

    public init(mode: FramingMode = .endOfMessage, maximumChunkSize: Int = FrameEncoder.largestChunkSize) {
        self.mode = mode
        self.maximumChunkSize = min(max(1, maximumChunkSize), Int(ChunkedMessageDecoder.maximumChunkSize))
    }

    public mutating func switchToChunked() {
        mode = .chunked
    }

    public func encode(_ message: String) -> [UInt8] {
        encode(Array(message.utf8))
    }

    /// The framed message. In chunked mode an empty message cannot be represented (a message
    /// has at least one chunk of at least one octet) and encodes to no bytes.
    public func encode(_ message: [UInt8]) -> [UInt8] {
        switch mode {
        case .endOfMessage:
            return message + EndOfMessageScanner.delimiter
        case .chunked:
            guard !message.isEmpty else { return [] }
            var framed: [UInt8] = []
            framed.reserveCapacity(message.count + 24)
            var start = message.startIndex
            while start < message.endIndex {
                let end = min(start + maximumChunkSize, message.endIndex)
                framed.append(contentsOf: "\n#\(end - start)\n".utf8)
                framed.append(contentsOf: message[start..<end])
                start = end
            }
            framed.append(contentsOf: "\n##\n".utf8)
            return framed
        }
    }
}
