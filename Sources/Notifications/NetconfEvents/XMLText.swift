/// Text escaping for the few elements the event renderers write (no libxml2 needed).
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    static func element(_ name: String, _ value: String, attributes: String = "") -> String {
        "<\(name)\(attributes)>\(escape(value))</\(name)>"
    }
}
