import NetconfProtocol

/// RFC 6242 framing (`FrameDecoder`, `FrameEncoder`).
///
/// Input: a control byte (bits 0-1: end-of-message only, chunked from the start, or chunked
/// after the first message as after a `<hello>`; bits 2-4: the maximum message size), a byte
/// for the fragment size (1 to 16), then the byte stream. The stream is decoded whole, in
/// fragments, and one byte at a time; all three must give the same messages and the same
/// error. Every message respects the size limit, an end-of-message message is non-empty and
/// starts with no whitespace, and each message framed again by `FrameEncoder` decodes back to
/// itself alone.
enum FramingTarget {
    enum Switch: CaseIterable {
        case never, atStart, afterFirstMessage
    }

    struct Outcome: Equatable {
        var messages: [(mode: FramingMode, bytes: [UInt8])] = []
        /// What `nextMessage()` threw (the stream ends there).
        var error: FramingError?
        /// What `checkEndOfInput()` threw once all bytes were read without an error.
        var endOfInput: FramingError?

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.messages.elementsEqual(rhs.messages) { $0.mode == $1.mode && $0.bytes == $1.bytes }
                && lhs.error == rhs.error && lhs.endOfInput == rhs.endOfInput
        }
    }

    static let xmlWhitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    static let maximumSizes = [1, 2, 6, 7, 64, 512, 4096, 16 << 20]

    static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let control = input.controlByte()
        let switching = [Switch.never, .atStart, .afterFirstMessage, .afterFirstMessage][Int(control & 3)]
        let maxMessageSize = maximumSizes[Int(control >> 2) & 7]
        let fragmentSize = Int(input.controlByte() % 16) + 1
        let stream = input.payload

        let whole = decode(stream, fragmentSize: max(stream.count, 1), switching: switching, maxMessageSize: maxMessageSize)
        let fragmented = decode(stream, fragmentSize: fragmentSize, switching: switching, maxMessageSize: maxMessageSize)
        let dripped = decode(stream, fragmentSize: 1, switching: switching, maxMessageSize: maxMessageSize)
        invariant(whole == fragmented, .framing, "fragments of \(fragmentSize) decode differently: \(whole) vs \(fragmented)")
        invariant(whole == dripped, .framing, "bytes fed one at a time decode differently: \(whole) vs \(dripped)")

        for (mode, message) in whole.messages {
            invariant(message.count <= maxMessageSize, .framing, "a message of \(message.count) octets passed the limit of \(maxMessageSize)")
            if mode == .endOfMessage {
                invariant(!message.isEmpty && !xmlWhitespace.contains(message[0]), .framing,
                          "an end-of-message message is empty or starts with whitespace: \(message)")
            }
            checkRoundTrip(message, mode: mode, maxMessageSize: maxMessageSize, chunkSize: fragmentSize)
        }
    }

    /// Feeds `stream` in fragments of `fragmentSize`, reading every complete message after each.
    static func decode(_ stream: [UInt8], fragmentSize: Int, switching: Switch, maxMessageSize: Int) -> Outcome {
        var decoder = FrameDecoder(maxMessageSize: maxMessageSize)
        if switching == .atStart { decoder.switchToChunked() }
        var outcome = Outcome()
        var start = 0
        while start < stream.count {
            let end = min(start + fragmentSize, stream.count)
            decoder.append(stream[start..<end])
            start = end
            do {
                while let message = try decoder.nextMessage() {
                    outcome.messages.append((decoder.mode, message))
                    if switching == .afterFirstMessage, outcome.messages.count == 1 { decoder.switchToChunked() }
                }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        do { try decoder.checkEndOfInput() } catch { outcome.endOfInput = error }
        return outcome
    }

    /// `message` framed by `FrameEncoder` (in chunks of `chunkSize` when chunked) decodes to
    /// exactly `message`, and the input ends cleanly after it.
    static func checkRoundTrip(_ message: [UInt8], mode: FramingMode, maxMessageSize: Int, chunkSize: Int) {
        let encoder = FrameEncoder(mode: mode, maximumChunkSize: chunkSize)
        let framed = encoder.encode(message)
        let again = decode(framed, fragmentSize: max(framed.count, 1), switching: mode == .chunked ? .atStart : .never,
                           maxMessageSize: maxMessageSize)
        invariant(again.error == nil && again.endOfInput == nil && again.messages.count == 1 && again.messages[0].bytes == message,
                  .framing, "\(mode) message \(message) framed as \(framed) decodes to \(again)")
    }
}
