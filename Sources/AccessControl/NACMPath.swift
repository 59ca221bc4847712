/// A rule's `path` (RFC 8341 `node-instance-identifier`): absolute steps, each `prefix:name`
/// or `name` (the previous step's module), optionally with key predicates `[prefix:key='value']`.
/// Prefixes are module names (Meridian's prefixes in rules are module names, as in RFC 8341's
/// examples of JSON-style paths); a step without one takes its parent's module.
public struct NACMPath: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        public var module: String?
        public var name: String
        public var keys: [String: String]
    }

    public var steps: [Step]

    /// nil when `text` is not an absolute path of this form. `/` alone matches everything.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: " \t\n")
        guard trimmed.first == "/" else { return nil }
        var steps: [Step] = []
        var rest = Substring(trimmed.dropFirst())
        var module: String?
        while !rest.isEmpty {
            var nameText = ""
            while let character = rest.first, character != "/", character != "[" {
                nameText.append(character)
                rest.removeFirst()
            }
            guard !nameText.isEmpty else { return nil }
            var name = nameText
            if let colon = nameText.firstIndex(of: ":") {
                module = String(nameText[..<colon])
                name = String(nameText[nameText.index(after: colon)...])
            }
            var keys: [String: String] = [:]
            while rest.first == "[" {
                guard let close = Self.predicateEnd(rest) else { return nil }
                let predicate = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                guard let equals = predicate.firstIndex(of: "=") else { return nil }
                var key = predicate[..<equals].trimmingCharacters(in: " ")
                if let colon = key.firstIndex(of: ":") { key = String(key[key.index(after: colon)...]) }
                var value = predicate[predicate.index(after: equals)...].trimmingCharacters(in: " ")
                guard value.count >= 2, let quote = value.first, quote == "'" || quote == "\"", value.last == quote else { return nil }
                value = String(value.dropFirst().dropLast())
                keys[key] = value
            }
            steps.append(Step(module: module, name: name, keys: keys))
            if rest.first == "/" { rest.removeFirst() } else if !rest.isEmpty { return nil }
        }
        self.steps = steps
    }

    private static func predicateEnd(_ text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "]" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// True when `node` is the node this path names or one of its descendants.
    public func covers(_ node: [NodeStep]) -> Bool {
        guard steps.count <= node.count else { return false }
        for (step, actual) in zip(steps, node) {
            if let module = step.module, module != actual.module { return false }
            guard step.name == actual.name else { return false }
            for (key, value) in step.keys where actual.keys[key] != value { return false }
        }
        return true
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
