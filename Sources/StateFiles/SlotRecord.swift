/// What one slot of a ``SlotFile`` holds: a header line, the content, and padding.
///
/// ```
/// <!-- meridian-slot generation=42 length=1234 crc32=89abcdef -->\n
/// CONTENT (length bytes)\n
/// spaces up to the padded length
/// ```
///
/// The header is an XML comment and the padding is whitespace, so a slot holding an XML
/// document is itself one. A slot is intact only when its header parses, the content is all
/// there and the CRC-32 of generation, length and content matches: a slot a crash cut
/// short, or left with an old header over new content, reads as absent.
public struct SlotRecord: Equatable, Sendable {
    public var generation: UInt64
    public var content: [UInt8]

    public init(generation: UInt64, content: [UInt8]) {
        self.generation = generation
        self.content = content
    }

    static let prefix = Array("<!-- meridian-slot ".utf8)
    static let suffix = Array(" -->\n".utf8)
    /// A header is never longer than this (three numbers and fixed text).
    static let maximumHeaderLength = 128
    /// The highest generation a slot may hold (Int64.max, so that other tools read it as a
    /// number too): a header above it decodes as damaged, and the generation after it is
    /// never computed (``SlotFile`` numbers again from 1), so no header can overflow it.
    public static let maximumGeneration = UInt64(Int64.max)

    /// The slot's bytes, padded with spaces (and a final newline) to at least `paddedLength`.
    public func encoded(paddedLength: Int = 0) -> [UInt8] {
        let fields = "generation=\(generation) length=\(content.count) crc32=\(Self.hex(Self.checksum(generation, content)))"
        var bytes = Self.prefix + Array(fields.utf8) + Self.suffix
        bytes.reserveCapacity(max(paddedLength, bytes.count + content.count + 1))
        bytes += content
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count < paddedLength {
            bytes += [UInt8](repeating: UInt8(ascii: " "), count: paddedLength - bytes.count - 1)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The record in `bytes`, or nil when they do not hold an intact one.
    public static func decode(_ bytes: [UInt8]) -> SlotRecord? {
        guard bytes.starts(with: prefix) else { return nil }
        let limit = min(bytes.count, maximumHeaderLength)
        guard let end = bytes[..<limit].firstIndex(of: UInt8(ascii: "\n")), end + 1 - suffix.count >= prefix.count,
            bytes[(end + 1 - suffix.count)...end].elementsEqual(suffix)
        else { return nil }
        let fields = String(decoding: bytes[prefix.count..<(end + 1 - suffix.count)], as: UTF8.self)
        var values: [Substring: Substring] = [:]
        for field in fields.split(separator: " ") {
            let parts = field.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, values[parts[0]] == nil else { return nil }
            values[parts[0]] = parts[1]
        }
        // Plain digits only (no sign), each value within its range: anything else is damage.
        guard values.count == 3,
            let generation = values["generation"].flatMap({ isDigits($0, radix: 10) ? UInt64($0) : nil }),
            generation <= maximumGeneration,
            let length = values["length"].flatMap({ isDigits($0, radix: 10) ? Int($0) : nil }),
            let crc = values["crc32"].flatMap({ $0.count == 8 && isDigits($0, radix: 16) ? UInt32($0, radix: 16) : nil })
        else { return nil }
        let start = end + 1
        guard length >= 0, length <= bytes.count - start else { return nil }
        let content = Array(bytes[start..<(start + length)])
        guard checksum(generation, content) == crc else { return nil }
        return SlotRecord(generation: generation, content: content)
    }

    /// CRC-32 over the generation and length (as decimal text) and the content.
    static func checksum(_ generation: UInt64, _ content: [UInt8]) -> UInt32 {
        CRC32.checksum(content, continuing: CRC32.checksum(Array("\(generation) \(content.count) ".utf8)))
    }

    private static func isDigits(_ text: Substring, radix: Int) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (radix == 16 && ((97...102).contains(byte) || (65...70).contains(byte)))
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
