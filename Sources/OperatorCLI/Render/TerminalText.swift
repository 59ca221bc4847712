/// Text from the server made safe for a terminal: control characters (C0, DEL, C1 and the
/// escape that starts terminal sequences) are shown as `\xNN`, so a hostile value cannot move
/// the cursor, retitle the window or fake a prompt.
public enum TerminalText {
    public static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || value == 0x7f || (0x80...0x9f).contains(value) {
                result += "\\x" + String(value, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int, with fill: Character = "0") -> String {
        count >= width ? self : String(repeating: fill, count: width - count) + self
    }

    func rightPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
