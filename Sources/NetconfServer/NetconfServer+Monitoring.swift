public import Datastore
import NetconfModel
import XMLSupport

/// ietf-netconf-monitoring sessions and statistics (RFC 6022), read on the reactor thread.
struct SessionMonitoring: StateSource {
    let server: NetconfServer

    var topLevelElements: [(name: String, namespace: String)] {
        [("netconf-state", NetconfServer.monitoringNamespace)]
    }

    func stateXML() async -> String {
        await withCheckedContinuation { continuation in
            server.onTransportThread { continuation.resume(returning: server.monitoringXML()) }
        }
    }
}

extension NetconfServer {
    static let monitoringNamespace = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"

    /// `<get-schema>` and the monitoring state, served from `service`.
    public func serveMonitoring(_ service: DatastoreService) {
        register(OperationKey(namespace: Self.monitoringNamespace, name: "get-schema"), .task({ request, _ in
            let op = request.operation
            let text = { (name: String) in
                op.firstChild(named: name, namespace: Self.monitoringNamespace)?.textContent.trimmingXMLWhitespace()
            }
            guard let identifier = text("identifier"), !identifier.isEmpty else {
                return .errors([.missingElement(name: "identifier", type: .protocol)])
            }
            return await service.getSchema(identifier: identifier, version: text("version"), format: text("format"))
        }))
        let monitoring = SessionMonitoring(server: self)
        Task { await service.addStateSource(monitoring) }
    }

    func monitoringXML() -> String {
        func element(_ name: String, _ value: some CustomStringConvertible) -> String {
            "<\(name)>\(XMLWriter.escapeText(value.description))</\(name)>"
        }
        var xml = "<netconf-state xmlns=\"\(Self.monitoringNamespace)\" xmlns:ncm=\"\(Self.monitoringNamespace)\"><sessions>"
        for session in liveSessions() {
            let counters = session.worker.counters
            xml += "<session>" + element("session-id", session.id.rawValue) + "<transport>ncm:netconf-ssh</transport>"
                + element("username", session.user) + element("source-host", session.peerHost)
                + element("login-time", session.loginTime) + element("in-rpcs", counters.inRPCs)
                + element("in-bad-rpcs", counters.inBadRPCs) + element("out-rpc-errors", counters.outRPCErrors)
                + element("out-notifications", counters.outNotifications) + "</session>"
        }
        let totals = statistics()
        xml += "</sessions><statistics>" + element("netconf-start-time", startTime)
            + element("in-bad-hellos", totals.badHellos) + element("in-sessions", totals.sessions)
            + element("dropped-sessions", totals.dropped) + element("in-rpcs", totals.inRPCs)
            + element("in-bad-rpcs", totals.inBadRPCs) + element("out-rpc-errors", totals.outRPCErrors)
            + element("out-notifications", totals.outNotifications) + "</statistics></netconf-state>"
        return xml
    }
}
