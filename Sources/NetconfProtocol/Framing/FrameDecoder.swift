/// Splits a NETCONF byte stream into messages (RFC 6242).
///
/// Feed bytes with ``append(_:)`` as they arrive, then call ``nextMessage()`` until it returns
/// nil. The decoder starts in end-of-message mode, as every session does for the `<hello>`
/// exchange; the session switches it to chunked mode explicitly. Each message is bounded by
/// `maxMessageSize`, and no byte is examined twice by the delimiter search.
public struct FrameDecoder: Sendable {
    private enum State: Sendable {
        case endOfMessage(EndOfMessageScanner)
        case chunked(ChunkedMessageDecoder)
    }

    public let maxMessageSize: Int
    private var buffer = ByteBuffer()
    private var state = State.endOfMessage(EndOfMessageScanner())

    public init(maxMessageSize: Int = 16 * 1024 * 1024) {
        self.maxMessageSize = max(1, maxMessageSize)
    }

    public var mode: FramingMode {
        if case .chunked = state { .chunked } else { .endOfMessage }
    }

    /// Bytes received and not yet returned as part of a message.
    public var bufferedByteCount: Int {
        switch state {
        case .endOfMessage: buffer.readableCount
        case .chunked(let decoder): buffer.readableCount + decoder.partialMessageCount
        }
    }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(bytes)
    }

    /// The next complete message, or nil until more bytes arrive. After a throw the stream
    /// cannot be resynchronized; the session must end.
    public mutating func nextMessage() throws(FramingError) -> [UInt8]? {
        let shift = buffer.compactIfWorthwhile()
        switch state {
        case .endOfMessage(var scanner):
            scanner.shift(by: shift)
            defer { state = .endOfMessage(scanner) }
            return try scanner.nextMessage(in: &buffer, maxMessageSize: maxMessageSize)
        case .chunked(var decoder):
            defer { state = .chunked(decoder) }
            return try decoder.nextMessage(in: &buffer, maxMessageSize: maxMessageSize)
        }
    }

    /// Decodes everything after the current message as chunked (after a base:1.1 `<hello>`
    /// exchange), including bytes already buffered.
    public mutating func switchToChunked() {
        guard case .endOfMessage = state else { return }
        state = .chunked(ChunkedMessageDecoder())
    }

    /// Call when the peer closes its side: throws if the input ended inside a message.
    public func checkEndOfInput() throws(FramingError) {
        switch state {
        case .endOfMessage(let scanner):
            if scanner.holdsPartialMessage(buffer) { throw .missingEndOfMessage }
        case .chunked(let decoder):
            if !decoder.isBetweenMessages || buffer.readableCount > 0 { throw .missingEndOfChunks }
        }
    }
}
