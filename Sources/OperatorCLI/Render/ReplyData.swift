internal import XMLSupport

/// Reading a `<data>` reply: the leaves the displays need, every value escaped for the terminal.
extension XMLElement {
    /// The child at this path of local names in `namespace` (the first namespace given
    /// applies to every step unless a step says `prefix:name` through `namespaces`).
    func path(_ steps: [(String, String)]) -> XMLElement? {
        var node: XMLElement? = self
        for (name, namespace) in steps {
            node = node?.firstChild(named: name, namespace: namespace)
        }
        return node
    }

    /// The trimmed text of a child leaf, escaped for the terminal.
    func text(_ name: String, _ namespace: String) -> String? {
        firstChild(named: name, namespace: namespace).map { TerminalText.escape($0.textContent.trimmingXMLWhitespace()) }
    }

    var systemNTP: XMLElement? { path([("system", Namespaces.system), ("ntp", Namespaces.system)]) }

    var stateNTP: XMLElement? { path([("system-state", Namespaces.system), ("ntp", Namespaces.ntp)]) }
}
