/// The steps of a data path as libyang prints it (`lyd_path`, `LYD_PATH_STD`), read for an
/// error message: which node it ends at and which list entries it passes through.
///
/// `/ietf-system:system/ntp/server[name='lab']/meridian-ntp:minpoll` is the steps `system`,
/// `ntp`, `server` (key `name` = `lab`) and `minpoll`. Module prefixes are dropped; predicate
/// values are in single quotes, or double quotes when they contain one (libyang never escapes).
struct DataPathSteps {
    struct Step: Equatable {
        var name: String
        /// `[key='value']` predicates of a list entry, in order.
        var keys: [(name: String, value: String)]
        /// The `[.='value']` predicate of a leaf-list entry.
        var leafListValue: String?

        /// `server lab`, `address 10.0.0.1`; `nil` when this step is not a list entry with keys.
        var entryLabel: String? {
            keys.isEmpty ? nil : ([name] + keys.map(\.value)).joined(separator: " ")
        }

        static func == (lhs: Step, rhs: Step) -> Bool {
            lhs.name == rhs.name && lhs.leafListValue == rhs.leafListValue
                && lhs.keys.map(\.name) == rhs.keys.map(\.name) && lhs.keys.map(\.value) == rhs.keys.map(\.value)
        }
    }

    private(set) var steps: [Step]

    init(_ path: String) {
        steps = Self.split(path).map(Self.step)
    }

    /// The list entries along the path, outermost first: `["interface lo-a", "multicast-server 239.1.1.1"]`.
    var entryLabels: [String] { steps.compactMap(\.entryLabel) }

    var last: Step? { steps.last }

    /// Splits at the slashes outside predicates and quotes.
    private static func split(_ path: String) -> [Substring] {
        var parts: [Substring] = []
        var start = path.startIndex
        var depth = 0
        var quote: Character?
        var index = path.startIndex
        while index < path.endIndex {
            let character = path[index]
            if let open = quote {
                if character == open { quote = nil }
            } else {
                switch character {
                case "'", "\"":
                    if depth > 0 { quote = character }
                case "[": depth += 1
                case "]": depth = max(0, depth - 1)
                case "/" where depth == 0:
                    if start < index { parts.append(path[start..<index]) }
                    start = path.index(after: index)
                default: break
                }
            }
            index = path.index(after: index)
        }
        if start < path.endIndex { parts.append(path[start...]) }
        return parts
    }

    /// `prefix:name[k='v'][k2="v'2"]` → name and predicates; positional predicates (`[1]`) are
    /// skipped.
    private static func step(_ text: Substring) -> Step {
        let bracket = text.firstIndex(of: "[") ?? text.endIndex
        var step = Step(name: unprefixed(text[..<bracket]), keys: [], leafListValue: nil)
        var rest = text[bracket...]
        while let open = rest.firstIndex(of: "[") {
            rest = rest[rest.index(after: open)...]
            guard let equals = rest.firstIndex(of: "="), let quote = rest[equals...].dropFirst().first,
                quote == "'" || quote == "\""
            else {
                rest = rest.firstIndex(of: "]").map { rest[rest.index(after: $0)...] } ?? rest[rest.endIndex...]
                continue
            }
            let key = unprefixed(rest[..<equals]).trimmingSpaces
            let valueStart = rest.index(equals, offsetBy: 2)
            let valueEnd = rest[valueStart...].firstIndex(of: quote) ?? rest.endIndex
            let value = String(rest[valueStart..<valueEnd])
            if key == "." { step.leafListValue = value } else { step.keys.append((key, value)) }
            rest = valueEnd < rest.endIndex ? rest[rest.index(after: valueEnd)...] : rest[rest.endIndex...]
        }
        return step
    }

    private static func unprefixed(_ text: Substring) -> String {
        String(text.lastIndex(of: ":").map { text[text.index(after: $0)...] } ?? text)
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (no Foundation in this target).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
