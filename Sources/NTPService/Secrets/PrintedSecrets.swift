import Datastore
import Glibc
import NTPYangBinding
import SecretSealing

/// The NTP key secrets in a configuration as libyang prints it: each `<hex-key>` or
/// `<ascii-key>` element's character data (kept as printed, escaped), with the `key-id` of its
/// entry (libyang prints a list's keys first, so it is the nearest `<key-id>` before). Found
/// by a byte search, without parsing.
struct PrintedSecrets {
    private let bytes: [UInt8]
    private var found: [(keyID: String, leaf: String, content: Range<Int>)] = []

    init(_ xml: String) {
        bytes = Array(xml.utf8)
        // A printed tree holds no NUL, so its C string is all of it.
        found = xml.withCString { text in
            Self.secrets(in: UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
        }
    }

    private static let keyIDTag = "<\(NTPKeySecretLeaves.keyID)>"
    private static let secretTags = NTPKeySecretLeaves.secretLeaves.map { ($0, "<\($0)>") }

    /// `strstr` (vectorized in glibc) for each of the three start tags; each secret then
    /// takes the nearest `<key-id>` before it.
    private static func secrets(in buffer: UnsafeBufferPointer<UInt8>) -> [(keyID: String, leaf: String, content: Range<Int>)] {
        var found: [(keyID: String, leaf: String, content: Range<Int>)] = []
        for (leaf, tag) in secretTags {
            for content in elements(tag, in: buffer) { found.append(("", leaf, content)) }
        }
        guard !found.isEmpty else { return [] }
        found.sort { $0.content.lowerBound < $1.content.lowerBound }
        let keyIDs = elements(keyIDTag, in: buffer)
        var next = 0
        var keyID = ""
        for index in found.indices {
            while next < keyIDs.count, keyIDs[next].lowerBound < found[index].content.lowerBound {
                keyID = String(decoding: UnsafeBufferPointer(rebasing: buffer[keyIDs[next]]), as: UTF8.self)
                next += 1
            }
            found[index].keyID = keyID
        }
        return found
    }

    /// The character data of every element whose start tag is `tag` (`<name>`).
    /// `buffer` ends with a NUL (one past `count`).
    private static func elements(_ tag: String, in buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard let base = buffer.baseAddress else { return [] }
        var ranges: [Range<Int>] = []
        var index = 0
        while index < buffer.count,
            let match = UnsafeRawPointer(base + index).withMemoryRebound(to: CChar.self, capacity: buffer.count - index + 1, { strstr($0, tag) }) {
            let content = base.distance(to: UnsafeRawPointer(match).assumingMemoryBound(to: UInt8.self)) + tag.utf8.count
            guard let end = memchr(base + content, Int32(UInt8(ascii: "<")), buffer.count - content) else { break }
            let upper = base.distance(to: end.assumingMemoryBound(to: UInt8.self))
            ranges.append(content..<upper)
            index = upper
        }
        return ranges
    }

    var hasSecrets: Bool { !found.isEmpty }

    /// True when a secret is not in the sealed form.
    var hasClearSecrets: Bool {
        found.contains { !bytes[$0.content].starts(with: SecretSealer.prefix.utf8) }
    }

    /// The text with each secret's character data replaced by `transform(keyID, leaf, data)`.
    func replacingSecrets(_ transform: (String, String, String) throws(StoredSecretsError) -> String) throws(StoredSecretsError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + found.count * 64)
        var copied = 0
        for secret in found {
            out.append(contentsOf: bytes[copied..<secret.content.lowerBound])
            out.append(contentsOf: try transform(secret.keyID, secret.leaf, String(decoding: bytes[secret.content], as: UTF8.self)).utf8)
            copied = secret.content.upperBound
        }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}
