import XMLSupport
import YangData

/// Pieces of ietf-netconf-monitoring (RFC 6022) `/netconf-state` that the datastore layer
/// knows: capabilities, datastores with their locks, and the schemas it can return.
enum MonitoringXML {
    static let namespace = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"

    static func element(_ name: String, _ text: String) -> String {
        "<\(name)>\(XMLWriter.escapeText(text))</\(name)>"
    }

    static func capabilities(_ list: [String]) -> String {
        "<capabilities>" + list.map { element("capability", $0) }.joined() + "</capabilities>"
    }

    static func datastores(_ locks: [DatastoreName: (session: UInt32, since: String)]) -> String {
        "<datastores>" + DatastoreName.allCases.map { name in
            var xml = "<datastore>" + element("name", name.rawValue)
            if let lock = locks[name] {
                xml += "<locks><global-lock>" + element("locked-by-session", String(lock.session))
                    + element("locked-time", lock.since) + "</global-lock></locks>"
            }
            return xml + "</datastore>"
        }.joined() + "</datastores>"
    }

    static func schemas(_ modules: [YangModule]) -> String {
        "<schemas>" + modules.map { module in
            "<schema>" + element("identifier", module.name) + element("version", module.revision ?? "")
                + "<format xmlns:ncm=\"\(namespace)\">ncm:yang</format>" + element("namespace", module.namespace)
                + element("location", "NETCONF") + "</schema>"
        }.joined() + "</schemas>"
    }
}
