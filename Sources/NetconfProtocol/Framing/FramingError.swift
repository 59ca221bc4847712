/// A violation of RFC 6242 framing. Every framing error ends the session: after one, the
/// byte stream cannot be resynchronized.
public struct FramingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Equatable {
        /// A message grew past the decoder's maximum size.
        case messageTooLarge
        /// A chunk header is not `LF # chunk-size LF` (for example `#abc`, `#01`, a missing LF).
        case malformedChunkHeader
        /// A chunk header announced size 0.
        case chunkSizeZero
        /// A chunk header announced more than 4294967295 octets.
        case chunkSizeTooLarge
        /// An end-of-chunks marker (`LF ## LF`) came before any chunk of the message.
        case emptyChunkedMessage
        /// The input ended inside a chunked message (no end-of-chunks marker).
        case missingEndOfChunks
        /// The input ended inside an end-of-message framed message (no `]]>]]>`).
        case missingEndOfMessage
    }

    public var code: Code
    public var description: String

    public init(code: Code, description: String) {
        self.code = code
        self.description = description
    }

    static func messageTooLarge(limit: Int) -> FramingError {
        FramingError(code: .messageTooLarge, description: "message exceeds the maximum size of \(limit) octets")
    }

    static func malformedChunkHeader(_ detail: String) -> FramingError {
        FramingError(code: .malformedChunkHeader, description: "malformed chunk header: \(detail)")
    }

    static let chunkSizeZero = FramingError(code: .chunkSizeZero, description: "chunk-size 0 is not allowed")

    static let chunkSizeTooLarge = FramingError(
        code: .chunkSizeTooLarge, description: "chunk-size exceeds 4294967295")

    static let emptyChunkedMessage = FramingError(
        code: .emptyChunkedMessage, description: "end-of-chunks before any chunk")

    static let missingEndOfChunks = FramingError(
        code: .missingEndOfChunks, description: "input ended inside a chunked message")

    static let missingEndOfMessage = FramingError(
        code: .missingEndOfMessage, description: "input ended before the ]]>]]> delimiter")
}
