/// Character escaping for XML 1.0 output.
enum XMLEscaping {
    static func escape(_ input: String, quoting: Bool) -> String {
        // Fast path over the UTF-8 bytes: printable ASCII other than & < > (and quotes when
        // quoting) is written as it is.
        var plain = true
        for byte in input.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"): plain = false
            case UInt8(ascii: "\""), UInt8(ascii: "'"): if quoting { plain = false }
            case 0x20...0x7E: continue
            default: plain = false
            }
            if !plain { break }
        }
        if plain { return input }
        guard input.unicodeScalars.contains(where: { needsWork($0, quoting: quoting) }) else {
            return input
        }
        var output = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            switch scalar {
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\r": output.append(contentsOf: "&#13;".unicodeScalars)
            case "\"" where quoting: output.append(contentsOf: "&quot;".unicodeScalars)
            case "'" where quoting: output.append(contentsOf: "&apos;".unicodeScalars)
            case "\t" where quoting: output.append(contentsOf: "&#9;".unicodeScalars)
            case "\n" where quoting: output.append(contentsOf: "&#10;".unicodeScalars)
            default: output.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return String(output)
    }

    private static func needsWork(_ scalar: Unicode.Scalar, quoting: Bool) -> Bool {
        switch scalar {
        case "&", "<", ">", "\r": true
        case "\"", "'", "\t", "\n": quoting
        default: !isAllowed(scalar)
        }
    }

    /// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    /// Swift scalars are never surrogates, so only controls and U+FFFE/U+FFFF are excluded.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD: true
        case 0x10000...0x10FFFF: true
        default: false
        }
    }
}
