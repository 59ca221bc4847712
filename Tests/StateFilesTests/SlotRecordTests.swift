import StateFiles
import TestSupport
import Testing

@Suite struct SlotRecordTests {
    /// CRC-32 one bit at a time, straight from the polynomial.
    static func bitwiseCRC(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(CRC32.checksum(Array("56789".utf8), continuing: CRC32.checksum(Array("1234".utf8))) == 0xCBF4_3926)
        // Every length around the 8-byte steps, whole and split anywhere, against the
        // byte-at-a-time definition.
        var bytes: [UInt8] = []
        for length in 0..<40 {
            let expected = Self.bitwiseCRC(bytes)
            #expect(CRC32.checksum(bytes) == expected, "length \(length)")
            for split in 0...bytes.count {
                #expect(CRC32.checksum(bytes[split...], continuing: CRC32.checksum(bytes[..<split])) == expected)
            }
            bytes.append(UInt8(truncatingIfNeeded: length &* 37 &+ 11))
        }
    }

    @Test func aRecordDecodesToWhatWasEncodedWhateverThePadding() {
        let record = SlotRecord(generation: 7, content: Array("<system xmlns='urn:x'><hostname>a</hostname></system>".utf8))
        for padding in [0, 10, 4096] {
            let bytes = record.encoded(paddedLength: padding)
            #expect(bytes.count >= padding)
            #expect(SlotRecord.decode(bytes) == record)
        }
        #expect(SlotRecord.decode(SlotRecord(generation: 1, content: []).encoded()) == SlotRecord(generation: 1, content: []))
    }

    @Test func paddingIsWhitespaceAfterTheContentSoAnXMLSlotStaysXML() {
        let content = Array("<a/>".utf8)
        let bytes = SlotRecord(generation: 3, content: content).encoded(paddedLength: 200)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("<!-- meridian-slot generation=3 length=4 crc32="))
        let afterContent = text[text.firstRange(of: "<a/>")!.upperBound...]
        #expect(afterContent.allSatisfy { $0 == " " || $0 == "\n" })
    }

    @Test func aCutShortOrChangedSlotDoesNotDecode() {
        let bytes = SlotRecord(generation: 9, content: Array(repeating: UInt8(ascii: "x"), count: 300)).encoded()
        for cut in [0, 5, 40, bytes.count - 2] {
            #expect(SlotRecord.decode(Array(bytes[..<cut])) == nil, "cut at \(cut)")
        }
        var changed = bytes
        changed[changed.count - 10] = UInt8(ascii: "y")
        #expect(SlotRecord.decode(changed) == nil, "a changed content byte fails the CRC")
        var header = bytes
        header[header.firstIndex(of: UInt8(ascii: "9"))!] = UInt8(ascii: "8")
        #expect(SlotRecord.decode(header) == nil, "the generation is under the CRC too")
    }

    @Test func malformedHeadersDoNotDecode() {
        let cases = [
            "", "<!-- meridian-slot -->\n", "<!-- meridian-slot generation=1 length=0 crc32=00000000 -->",
            "<!-- meridian-slot generation=1 length=5 crc32=00000000 -->\nab",
            "<!-- meridian-slot generation=x length=0 crc32=00000000 -->\n",
            "<!-- meridian-slot generation=1 generation=1 length=0 -->\n",
            "<!-- meridian-slot generation=1 length=-1 crc32=00000000 -->\n",
            "<!-- meridian-slot generation=1 length=0 crc32=0 -->\n",
            "<!-- other generation=1 length=0 crc32=00000000 -->\n",
        ]
        for text in cases {
            #expect(SlotRecord.decode(Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// A header with the right CRC but `fields` in place of the real ones (a forged slot).
    static func forged(_ generation: String, length: String? = nil, content: [UInt8] = Array("<a/>".utf8)) -> [UInt8] {
        let crc = CRC32.checksum(content, continuing: CRC32.checksum(Array("\(generation) \(length ?? "\(content.count)") ".utf8)))
        let hex = String(crc, radix: 16)
        let header = "<!-- meridian-slot generation=\(generation) length=\(length ?? "\(content.count)") crc32=\(String(repeating: "0", count: 8 - hex.count) + hex) -->\n"
        return Array(header.utf8) + content + [UInt8(ascii: "\n")]
    }

    @Test func headerValuesOutOfRangeDecodeAsDamagedWhateverTheCRC() {
        #expect(SlotRecord.decode(Self.forged("5"))?.generation == 5, "the forging itself is right")
        #expect(SlotRecord.decode(Self.forged("\(SlotRecord.maximumGeneration)"))?.generation == SlotRecord.maximumGeneration)
        for generation in ["\(SlotRecord.maximumGeneration + 1)", "\(UInt64.max)", "18446744073709551616",
                           "99999999999999999999999", "+5", "-0", " 5", "0x5", "5e3"] {
            #expect(SlotRecord.decode(Self.forged(generation)) == nil, "generation=\(generation)")
        }
        for length in ["\(Int.max)", "\(UInt64.max)", "9223372036854775808", "+4", "-4", "4 "] {
            #expect(SlotRecord.decode(Self.forged("5", length: length)) == nil, "length=\(length)")
        }
        #expect(SlotRecord.decode(Array("<!-- meridian-slot generation=1 length=0 crc32=+0000000 -->\n".utf8)) == nil)
    }

    @Test func damagedRecordsNeverCrashAndNeverDecodeToOtherContent() {
        var random = SeededGenerator(seed: 0x5107)
        let record = SlotRecord(generation: 12, content: Array("<system xmlns='urn:x'><contact>c</contact></system>".utf8))
        let bytes = record.encoded(paddedLength: 300)
        for _ in 0..<2000 {
            var damaged = bytes
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                damaged = Array(damaged[..<Int.random(in: 0..<damaged.count, using: &random)])
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            default:
                damaged = (0..<Int.random(in: 0..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            if let decoded = SlotRecord.decode(damaged) {
                #expect(decoded == record, "a damaged slot decodes to the record or to nothing")
            }
        }
    }
}
