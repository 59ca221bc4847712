import NetconfProtocol
import Testing

/// How a test hands bytes to a decoder: all at once, or one byte per `append` (nio-ssh's
/// drip-feed), draining messages after every append.
enum FeedStyle: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case whole
    case dripFed

    var testDescription: String { rawValue }

    /// Everything decoded from `input`, stopping at the first framing error.
    func decode(
        _ input: [UInt8],
        with decoder: inout FrameDecoder,
        afterEachMessage: (inout FrameDecoder, [UInt8]) -> Void = { _, _ in }
    ) -> (messages: [[UInt8]], error: FramingError?) {
        var messages: [[UInt8]] = []
        let pieces: [ArraySlice<UInt8>] = switch self {
        case .whole: [input[...]]
        case .dripFed: input.indices.map { input[$0...$0] }
        }
        for piece in pieces {
            decoder.append(piece)
            do {
                while let message = try decoder.nextMessage() {
                    messages.append(message)
                    afterEachMessage(&decoder, message)
                }
            } catch {
                return (messages, error)
            }
        }
        return (messages, nil)
    }

    func decode(_ input: [UInt8], mode: FramingMode, maxMessageSize: Int = 1 << 20) -> (messages: [[UInt8]], error: FramingError?) {
        var decoder = FrameDecoder(maxMessageSize: maxMessageSize)
        if mode == .chunked { decoder.switchToChunked() }
        return decode(input, with: &decoder)
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
