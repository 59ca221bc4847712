@testable import NetconfProtocol
import Testing

@Suite struct EndOfMessageFramingTests {
    @Test(arguments: FeedStyle.allCases)
    func decodesMultipleMessages(_ style: FeedStyle) {
        let result = style.decode("<a/>]]>]]><b>x</b>]]>]]>".bytes, mode: .endOfMessage)
        #expect(result.error == nil)
        #expect(result.messages == ["<a/>".bytes, "<b>x</b>".bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func waitsForTheDelimiter(_ style: FeedStyle) {
        var decoder = FrameDecoder()
        let first = style.decode("<a/>]]>]]".bytes, with: &decoder)
        #expect(first.messages.isEmpty && first.error == nil)
        let second = style.decode(">".bytes, with: &decoder)
        #expect(second.messages == ["<a/>".bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func partialDelimitersInsideContentAreData(_ style: FeedStyle) {
        let content = "<a> ]]> ]]]> ]]>]] ]]>]>]]> ]]>]]]> </a>"
        let result = style.decode((content + "]]>]]>").bytes, mode: .endOfMessage)
        #expect(result.messages == [content.bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func skipsWhitespaceBetweenMessages(_ style: FeedStyle) {
        let result = style.decode("<a/>]]>]]>\n\n]]>]]>\r\n <b/>]]>]]>\n".bytes, mode: .endOfMessage)
        #expect(result.messages == ["<a/>".bytes, "<b/>".bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func refusesOversizedMessages(_ style: FeedStyle) {
        let big = String(repeating: "x", count: 101)
        let result = style.decode((big + "]]>]]>").bytes, mode: .endOfMessage, maxMessageSize: 100)
        #expect(result.error?.code == .messageTooLarge)
        let exact = style.decode((String(repeating: "y", count: 100) + "]]>]]>").bytes, mode: .endOfMessage, maxMessageSize: 100)
        #expect(exact.error == nil && exact.messages.count == 1)
    }

    @Test(arguments: FeedStyle.allCases)
    func refusesAnUnterminatedMessageOnceItExceedsTheLimit(_ style: FeedStyle) {
        let result = style.decode(String(repeating: "z", count: 200).bytes, mode: .endOfMessage, maxMessageSize: 100)
        #expect(result.error?.code == .messageTooLarge)
    }

    @Test(arguments: FeedStyle.allCases)
    func reportsATruncatedMessageAtEndOfInput(_ style: FeedStyle) {
        var decoder = FrameDecoder()
        let complete = style.decode("<a/>]]>]]>\n".bytes, with: &decoder)
        #expect(complete.messages == ["<a/>".bytes])
        #expect(throws: Never.self) { try decoder.checkEndOfInput() }
        let partial = style.decode("<b>".bytes, with: &decoder)
        #expect(partial.messages.isEmpty && partial.error == nil)
        #expect(throws: FramingError(code: .missingEndOfMessage, description: "input ended before the ]]>]]> delimiter")) {
            try decoder.checkEndOfInput()
        }
    }

    @Test func everySplitPointGivesTheSameMessages() {
        let input = "<rpc message-id=\"1\"/>]]>]]><x>]]]]> ]]></x>]]>]]>\n<y/>]]>]]>".bytes
        let expected = ["<rpc message-id=\"1\"/>".bytes, "<x>]]]]> ]]></x>".bytes, "<y/>".bytes]
        for split in 0...input.count {
            var decoder = FrameDecoder()
            let head = FeedStyle.whole.decode(Array(input[..<split]), with: &decoder)
            let tail = FeedStyle.whole.decode(Array(input[split...]), with: &decoder)
            #expect(head.messages + tail.messages == expected, "split at \(split)")
        }
    }

    @Test func scanningIsLinearForLargeDripFedMessages() {
        var decoder = FrameDecoder(maxMessageSize: 1 << 22)
        let body = [UInt8](repeating: UInt8(ascii: "]"), count: 1 << 20)
        for chunk in stride(from: 0, to: body.count, by: 512) {
            decoder.append(body[chunk..<min(chunk + 512, body.count)])
            #expect((try? decoder.nextMessage()) == .some(nil))
        }
        decoder.append(">]]>".bytes)
        #expect((try? decoder.nextMessage())??.count == body.count - 2)
    }
}

@Suite struct ChunkedFramingTests {
    @Test(arguments: FeedStyle.allCases)
    func decodesOneChunk(_ style: FeedStyle) {
        let result = style.decode("\n#4\n<a/>\n##\n".bytes, mode: .chunked)
        #expect(result.error == nil)
        #expect(result.messages == ["<a/>".bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func decodesMultipleChunksPerMessage(_ style: FeedStyle) {
        let result = style.decode("\n#4\n<rpc\n#17\n message-id=\"102\"\n#3\n/>\n\n##\n".bytes, mode: .chunked)
        #expect(result.error == nil)
        #expect(result.messages == ["<rpc message-id=\"102\"/>\n".bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func decodesMultipleMessagesInOneAppend(_ style: FeedStyle) {
        let result = style.decode("\n#1\na\n##\n\n#2\nbc\n##\n\n#3\n\n##\n##\n".bytes, mode: .chunked)
        #expect(result.error == nil)
        #expect(result.messages == ["a".bytes, "bc".bytes, "\n##".bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func chunkDataMayContainFramingCharacters(_ style: FeedStyle) {
        let data = "\n#5\n]]>]]>\n##\n"
        let result = style.decode("\n#\(data.utf8.count)\n\(data)\n##\n".bytes, mode: .chunked)
        #expect(result.messages == [data.bytes])
    }

    @Test(arguments: FeedStyle.allCases)
    func waitsForEndOfChunks(_ style: FeedStyle) {
        var decoder = FrameDecoder()
        decoder.switchToChunked()
        let first = style.decode("\n#3\nabc\n#2\nde".bytes, with: &decoder)
        #expect(first.messages.isEmpty && first.error == nil)
        #expect(decoder.bufferedByteCount == 5)
        #expect(throws: FramingError.self) { try decoder.checkEndOfInput() }
        let second = style.decode("\n##".bytes, with: &decoder)
        #expect(second.messages.isEmpty && second.error == nil)
        let third = style.decode("\n".bytes, with: &decoder)
        #expect(third.messages == ["abcde".bytes])
        #expect(throws: Never.self) { try decoder.checkEndOfInput() }
    }

    @Test(arguments: FeedStyle.allCases)
    func acceptsTheLargestChunkSizeHeader(_ style: FeedStyle) {
        var decoder = FrameDecoder(maxMessageSize: Int(UInt32.max))
        decoder.switchToChunked()
        let result = style.decode("\n#4294967295\nabc".bytes, with: &decoder)
        #expect(result.error == nil && result.messages.isEmpty)
    }

    static let malformedHeaders: [(String, FramingError.Code)] = [
        ("\n#0\n", .chunkSizeZero),
        ("\n#01\nx\n##\n", .malformedChunkHeader),
        ("\n#00\n", .malformedChunkHeader),
        ("\n#abc\n", .malformedChunkHeader),
        ("\n#-1\n", .malformedChunkHeader),
        ("\n# 1\n", .malformedChunkHeader),
        ("\n#1 \nx", .malformedChunkHeader),
        ("\n#1x", .malformedChunkHeader),
        ("#1\nx\n##\n", .malformedChunkHeader),
        ("\n1\nx\n##\n", .malformedChunkHeader),
        ("\n\n#1\nx", .malformedChunkHeader),
        ("\n#1\nx#1\ny\n##\n", .malformedChunkHeader),
        ("\n#1\nx\n#\n", .malformedChunkHeader),
        ("\n#1\nx\n##x", .malformedChunkHeader),
        ("\n#1\nx\n###\n", .malformedChunkHeader),
        ("\n#1\nx\n##\r\n", .malformedChunkHeader),
        ("\n##\n", .emptyChunkedMessage),
        ("\n#4294967296\n", .chunkSizeTooLarge),
        ("\n#99999999999999999999999\n", .chunkSizeTooLarge),
        ("\n#1025\n", .messageTooLarge),
        ("\n#1000\n" + String(repeating: "a", count: 1000) + "\n#25\n", .messageTooLarge),
        ("<rpc/>]]>]]>", .malformedChunkHeader),
    ]

    @Test(arguments: FeedStyle.allCases, malformedHeaders)
    func refusesMalformedFraming(_ style: FeedStyle, _ testCase: (String, FramingError.Code)) {
        let result = style.decode(testCase.0.bytes, mode: .chunked, maxMessageSize: 1024)
        #expect(result.error?.code == testCase.1, "input \(testCase.0.debugDescription)")
        #expect(result.messages.isEmpty)
    }

    @Test(arguments: FeedStyle.allCases)
    func refusesOversizedMessageBeforeReadingItsData(_ style: FeedStyle) {
        let result = style.decode("\n#600\n".bytes + [UInt8](repeating: 0x61, count: 600) + "\n#600\n".bytes,
                                  mode: .chunked, maxMessageSize: 1000)
        #expect(result.error?.code == .messageTooLarge)
    }

    @Test func everySplitPointGivesTheSameMessages() {
        let input = "\n#4\n<rpc\n#13\n message-id=\"\n#4\n9\"/>\n##\n\n#5\n<b/>\n\n##\n".bytes
        let expected = ["<rpc message-id=\"9\"/>".bytes, "<b/>\n".bytes]
        for split in 0...input.count {
            var decoder = FrameDecoder()
            decoder.switchToChunked()
            let head = FeedStyle.whole.decode(Array(input[..<split]), with: &decoder)
            let tail = FeedStyle.whole.decode(Array(input[split...]), with: &decoder)
            #expect(head.error == nil && tail.error == nil)
            #expect(head.messages + tail.messages == expected, "split at \(split)")
        }
    }
}

@Suite struct FramingSwitchTests {
    /// The hello is end-of-message framed; what the client sent after it is chunked, even when
    /// it arrived in the same read.
    @Test(arguments: FeedStyle.allCases)
    func bytesBufferedAfterTheHelloAreDecodedAsChunks(_ style: FeedStyle) {
        var decoder = FrameDecoder()
        let input = "<hello/>]]>]]>\n#6\n<rpc/>\n##\n".bytes
        let result = style.decode(input, with: &decoder) { decoder, message in
            if message == "<hello/>".bytes { decoder.switchToChunked() }
        }
        #expect(result.error == nil)
        #expect(result.messages == ["<hello/>".bytes, "<rpc/>".bytes])
        #expect(decoder.mode == .chunked)
    }

    @Test func everySplitPointAcrossTheSwitch() {
        let input = "<hello/>]]>]]>\n#6\n<rpc/>\n##\n\n#3\n<a>\n#4\n</a>\n##\n".bytes
        for split in 0...input.count {
            var decoder = FrameDecoder()
            var messages: [[UInt8]] = []
            for part in [input[..<split], input[split...]] {
                let result = FeedStyle.whole.decode(Array(part), with: &decoder) { decoder, message in
                    if message == "<hello/>".bytes { decoder.switchToChunked() }
                }
                #expect(result.error == nil, "split at \(split)")
                messages += result.messages
            }
            #expect(messages == ["<hello/>".bytes, "<rpc/>".bytes, "<a></a>".bytes], "split at \(split)")
        }
    }
}
