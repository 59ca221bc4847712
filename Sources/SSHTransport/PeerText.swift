import Glibc

/// Text a peer chose (user names, the client's version banner, service and subsystem
/// names, disconnect messages), made safe for one log line: every byte outside printable
/// ASCII, the space and the backslash become `\xNN`, so such text can neither end the line
/// nor pose as another `key=value` field; past `limit` bytes it is cut short.
/// `keepingSpaces` is for free text that already reads as a sentence in a log value
/// (libssh's error messages, a disconnect reason): the space is kept, all else escaped.
enum PeerText {
    static let limit = 128

    static func escaped(_ text: String, keepingSpaces: Bool = false) -> String {
        escaped(bytes: text.utf8, keepingSpaces: keepingSpaces)
    }

    static func escaped(_ cString: UnsafePointer<CChar>?, keepingSpaces: Bool = false) -> String {
        guard let cString else { return "" }
        let bytes = UnsafeBufferPointer(start: cString, count: strlen(cString)).lazy.map { UInt8(bitPattern: $0) }
        return escaped(bytes: bytes, keepingSpaces: keepingSpaces)
    }

    static func escaped(bytes: some Collection<UInt8>, keepingSpaces: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(min(bytes.count, limit) + 8)
        let lowest: UInt8 = keepingSpaces ? 0x20 : 0x21
        for byte in bytes.prefix(limit) {
            if byte >= lowest, byte < 0x7F, byte != UInt8(ascii: "\\") {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "\\x" + hexDigits(byte)
            }
        }
        if bytes.count > limit { out += "...(\(bytes.count) bytes)" }
        return out
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
    }
}
