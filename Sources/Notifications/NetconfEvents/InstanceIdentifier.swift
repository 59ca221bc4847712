/// A data path as libyang prints it (`/ietf-system:system/ntp/server[name='a']`: module names
/// as prefixes, a step without one in its parent's module) turned into an XML
/// instance-identifier (RFC 7950 §9.13.2: every node name, key names included, qualified),
/// with module names as XML prefixes declared on the element that holds it.
public enum InstanceIdentifier {
    public struct Rendered: Sendable, Equatable {
        public var text: String
        /// prefix (module name) → namespace, for the `xmlns:` attributes.
        public var namespaces: [(prefix: String, uri: String)]

        public static func == (lhs: Rendered, rhs: Rendered) -> Bool {
            lhs.text == rhs.text && lhs.namespaces.map(\.prefix) == rhs.namespaces.map(\.prefix)
                && lhs.namespaces.map(\.uri) == rhs.namespaces.map(\.uri)
        }

        var namespaceAttributes: String {
            namespaces.map { " xmlns:\($0.prefix)=\"\(XMLText.attribute($0.uri))\"" }.joined()
        }
    }

    /// Nil when the path has a step in no known module.
    public static func render(_ path: String, namespaceOf: (String) -> String?) -> Rendered? {
        var text = ""
        var module: String?
        var used: [(prefix: String, uri: String)] = []
        func use(_ name: String) -> Bool {
            if used.contains(where: { $0.prefix == name }) { return true }
            guard let uri = namespaceOf(name) else { return false }
            used.append((name, uri))
            return true
        }
        let scalars = Array(path.unicodeScalars)
        var index = 0
        func qualified(_ name: String) -> String? {
            if let colon = name.firstIndex(of: ":") {
                module = String(name[..<colon])
                return use(module!) ? name : nil
            }
            guard let module, name != "." else { return name }
            return module + ":" + name
        }
        while index < scalars.count {
            guard scalars[index] == "/" else { return nil }
            index += 1
            var name = ""
            while index < scalars.count, scalars[index] != "/", scalars[index] != "[" {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard !name.isEmpty, let step = qualified(name) else { return nil }
            text += "/" + step
            while index < scalars.count, scalars[index] == "[" {
                index += 1
                var key = ""
                while index < scalars.count, scalars[index] != "=", scalars[index] != "]" {
                    key.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index < scalars.count else { return nil }
                if scalars[index] == "]" {  // a position
                    text += "[" + key + "]"
                    index += 1
                    continue
                }
                index += 1
                guard index < scalars.count, scalars[index] == "'" || scalars[index] == "\"" else { return nil }
                let quote = scalars[index]
                var value = ""
                index += 1
                while index < scalars.count, scalars[index] != quote {
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard index + 1 < scalars.count, scalars[index + 1] == "]" else { return nil }
                index += 2
                let keyName = key == "." ? "." : (key.contains(":") ? key : (module.map { $0 + ":" } ?? "") + key)
                text += "[" + keyName + "=" + String(quote) + value + String(quote) + "]"
            }
        }
        return Rendered(text: text, namespaces: used)
    }
}
