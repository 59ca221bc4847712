import Datastore
import NTPYangBinding
import SecretSealing

/// The NTP key secrets in a configuration as libyang prints it: each `<hex-key>` or
/// `<ascii-key>` element's character data (kept as printed, escaped), with the `key-id` of its
/// entry (libyang prints a list's keys first, so it is the nearest `<key-id>` before). Found in
/// one pass over the bytes, without parsing.
struct PrintedSecrets {
    private let bytes: [UInt8]
    private var found: [(keyID: String, leaf: String, content: Range<Int>)] = []

    init(_ xml: String) {
        bytes = Array(xml.utf8)
        var keyID = ""
        var index = 0
        while let open = Self.index(of: UInt8(ascii: "<"), in: bytes, from: index) {
            index = open + 1
            if let content = element(NTPKeySecretLeaves.keyID, at: open) {
                keyID = String(decoding: bytes[content], as: UTF8.self)
                index = content.upperBound
                continue
            }
            for leaf in NTPKeySecretLeaves.secretLeaves {
                guard let content = element(leaf, at: open) else { continue }
                found.append((keyID, leaf, content))
                index = content.upperBound
                break
            }
        }
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

    /// The character data of `<name>…</name>` when such an element starts at `open`.
    private func element(_ name: String, at open: Int) -> Range<Int>? {
        let start = Array("<\(name)>".utf8)
        guard bytes.count - open >= start.count, bytes[open..<(open + start.count)].elementsEqual(start) else { return nil }
        let content = open + start.count
        guard let end = Self.index(of: UInt8(ascii: "<"), in: bytes, from: content) else { return nil }
        return content..<end
    }

    private static func index(of byte: UInt8, in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }
}
