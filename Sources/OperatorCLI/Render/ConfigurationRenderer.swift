public import XMLSupport

/// `display current-configuration` and `display configuration candidate`: a `<get-config>`
/// reply rendered back into the commands that build it, in VRP's layout (sections separated
/// by `#`, interface settings indented under `interface X`, `return` at the end). Replayed
/// after `system-view`, the lines rebuild the same configuration.
public enum ConfigurationRenderer {
    public static func render(_ data: XMLElement, include: String? = nil) -> String {
        var sections: [[String]] = []
        if let hostname = data.path([("system", Namespaces.system)])?.text("hostname", Namespaces.system) {
            sections.append(["sysname \(quoted(hostname))"])
        }
        let interfaces = data.path([("interfaces", Namespaces.interfaces)])?.children(named: "interface", namespace: Namespaces.interfaces) ?? []
        sections += interfaces.map(InterfaceLines.lines)
        if let ntp = data.systemNTP {
            let lines = NTPLines.lines(ntp)
            if !lines.isEmpty { sections.append(lines) }
        }
        var output: [String] = []
        for section in sections {
            output.append("#")
            output += section
        }
        output += ["#", "return"]
        if let include {
            output = output.filter { $0.contains(include) }
        }
        return output.joined(separator: "\n")
    }

    /// A word with spaces (or nothing) is written in double quotes, as the parser reads it.
    static func quoted(_ word: String) -> String {
        word.isEmpty || word.contains(where: \.isWhitespace) ? "\"\(word)\"" : word
    }
}
