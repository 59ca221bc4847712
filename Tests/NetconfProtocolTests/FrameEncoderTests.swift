import NetconfProtocol
import Testing

@Suite struct FrameEncoderTests {
    @Test func endOfMessageAppendsTheDelimiter() {
        #expect(FrameEncoder().encode("<ok/>") == "<ok/>]]>]]>".bytes)
    }

    @Test func chunkedWritesOneChunkAndTheEndMarker() {
        var encoder = FrameEncoder()
        encoder.switchToChunked()
        #expect(encoder.encode("<ok/>") == "\n#5\n<ok/>\n##\n".bytes)
        #expect(encoder.encode("").isEmpty)
    }

    @Test func chunkedSplitsLongMessages() {
        let encoder = FrameEncoder(mode: .chunked, maximumChunkSize: 4)
        #expect(encoder.encode("abcdefghij") == "\n#4\nabcd\n#4\nefgh\n#2\nij\n##\n".bytes)
    }

    @Test(arguments: [FramingMode.endOfMessage, .chunked], FeedStyle.allCases)
    func decoderReadsWhatTheEncoderWrites(_ mode: FramingMode, _ style: FeedStyle) {
        let encoder = FrameEncoder(mode: mode, maximumChunkSize: 7)
        let messages = ["<a/>", "<b>\u{e9}t\u{e9}</b>", String(repeating: "<c/>", count: 50)]
        let stream = messages.flatMap { encoder.encode($0) }
        let result = style.decode(stream, mode: mode)
        #expect(result.error == nil)
        #expect(result.messages == messages.map(\.bytes))
    }
}
