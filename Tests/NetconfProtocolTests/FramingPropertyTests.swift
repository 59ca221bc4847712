import NetconfProtocol
import Testing

/// Random messages, framed with random chunk sizes and delivered in random pieces, decode to
/// exactly the messages sent.
@Suite struct FramingPropertyTests {
    @Test(arguments: [FramingMode.endOfMessage, .chunked])
    func randomStreamsDecodeToTheMessagesSent(_ mode: FramingMode) {
        var random = SplitMix64(seed: mode == .chunked ? 0xC4_0C4E_D000 : 0xE0_3000)
        let alphabet = "<>/]#\n ab=\"é".utf8.map { $0 }
        for iteration in 0..<300 {
            let messages: [[UInt8]] = (0..<Int(1 + random.next() % 5)).map { _ in
                var message = (0..<Int(1 + random.next() % 200)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
                message[0] = UInt8(ascii: "<")  // never whitespace-only, which end-of-message framing skips
                if mode == .endOfMessage {
                    // "]]>]]>" cannot occur inside a base:1.0 message; break any accidental one.
                    var index = 5
                    while index < message.count {
                        if Array(message[(index - 5)...index]) == Array("]]>]]>".utf8) { message[index] = UInt8(ascii: "x") }
                        index += 1
                    }
                    // A message ending in "]]>" would end at the first half of a doubled delimiter.
                    if message.count > 1 { message[message.count - 1] = UInt8(ascii: "x") }
                }
                return message
            }
            let encoder = FrameEncoder(mode: mode, maximumChunkSize: Int(1 + random.next() % 64))
            let stream = messages.flatMap { encoder.encode($0) }
            var decoder = FrameDecoder(maxMessageSize: 4096)
            if mode == .chunked { decoder.switchToChunked() }
            var decoded: [[UInt8]] = []
            var offset = 0
            while offset < stream.count {
                let length = min(stream.count - offset, Int(1 + random.next() % 40))
                decoder.append(stream[offset..<(offset + length)])
                offset += length
                do {
                    while let message = try decoder.nextMessage() { decoded.append(message) }
                } catch {
                    Issue.record("iteration \(iteration): \(error)")
                    break
                }
            }
            #expect(decoded == messages, "iteration \(iteration)")
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    @Test func largeMessagesDecodeInLinearTime() throws {
        let message = [UInt8](repeating: UInt8(ascii: "]"), count: 4 << 20)
        for mode in [FramingMode.endOfMessage, .chunked] {
            let stream = FrameEncoder(mode: mode, maximumChunkSize: 1000).encode(message)
            var decoder = FrameDecoder(maxMessageSize: 8 << 20)
            if mode == .chunked { decoder.switchToChunked() }
            var decoded: [[UInt8]] = []
            let clock = ContinuousClock()
            let start = clock.now
            for offset in stride(from: 0, to: stream.count, by: 4096) {
                decoder.append(stream[offset..<min(offset + 4096, stream.count)])
                while let next = try decoder.nextMessage() { decoded.append(next) }
            }
            #expect(decoded.count == 1 && decoded.first?.count == message.count)
            #expect(clock.now - start < .seconds(10), "\(mode) took \(clock.now - start)")
        }
    }
}
