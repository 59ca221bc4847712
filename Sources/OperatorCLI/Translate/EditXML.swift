internal import XMLSupport

/// Small builders for edit-config content, escaping every value.
enum EditXML {
    static func escape(_ text: String) -> String { XMLWriter.escapeText(text) }

    /// `<name>value</name>`.
    static func leaf(_ name: String, _ value: String, namespace: String? = nil) -> String {
        let xmlns = namespace.map { " xmlns=\"\($0)\"" } ?? ""
        return "<\(name)\(xmlns)>\(XMLWriter.escapeText(value))</\(name)>"
    }

    /// An element removed by the edit (`nc:operation="remove"`: absent is not an error).
    static func remove(_ name: String, namespace: String? = nil, keys: String = "") -> String {
        let xmlns = namespace.map { " xmlns=\"\($0)\"" } ?? ""
        return "<\(name)\(xmlns) xmlns:nc=\"\(Namespaces.netconf)\" nc:operation=\"remove\">\(keys)</\(name)>"
    }

    /// An element replaced as a whole by the edit.
    static func replace(_ name: String, namespace: String? = nil, _ content: String) -> String {
        let xmlns = namespace.map { " xmlns=\"\($0)\"" } ?? ""
        return "<\(name)\(xmlns) xmlns:nc=\"\(Namespaces.netconf)\" nc:operation=\"replace\">\(content)</\(name)>"
    }

    /// `/system/ntp/...content`.
    static func ntp(_ content: String) -> String {
        "<system xmlns=\"\(Namespaces.system)\"><ntp>\(content)</ntp></system>"
    }

    /// `/interfaces/interface[name]/...content`.
    static func interface(_ name: String, _ content: String) -> String {
        "<interfaces xmlns=\"\(Namespaces.interfaces)\"><interface>\(leaf("name", name))\(content)</interface></interfaces>"
    }

    /// `/interfaces/interface[name]/mntp:ntp/...content`.
    static func interfaceNTP(_ name: String, _ content: String) -> String {
        interface(name, "<ntp xmlns=\"\(Namespaces.ntp)\">\(content)</ntp>")
    }
}
