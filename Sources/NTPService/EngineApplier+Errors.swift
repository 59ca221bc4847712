import Glibc
public import NetconfModel
public import NTPEngine
public import NTPYangBinding

extension EngineApplier {
    static let ntpPath = "/ietf-system:system/ntp"

    /// The rpc-error for a configuration the engine's prepare refused. A socket that cannot
    /// be bound is reported at the node that asks for it: the node that uses the interface
    /// whose address it is (a listening interface, a server's or the global source
    /// interface, the interface's broadcast or multicast settings); for a wildcard socket,
    /// the port when it is in use.
    public static func rpcError(for error: EngineError, in ntp: NTPConfiguration) -> RPCError {
        guard error.code == .bindFailed, let binding = error.binding else {
            return .operationFailed("the NTP engine cannot apply this configuration: \(error.message)", path: ntpPath, appTag: "engine-refused")
        }
        let reason = error.reason ?? error.message
        guard let interface = ntp.interfaces.first(where: { ($0.ipv4 + $0.ipv6).contains { IPAddress($0) == binding.address } }),
              let (path, node, entries) = user(of: interface.name, in: ntp) else {
            if error.errno == EADDRINUSE { return failure(path: ntpPath + "/meridian-ntp:port", "port: \(reason)") }
            return failure(path: ntpPath, "the NTP engine cannot bind \(binding): \(reason)")
        }
        let problem = "\(node): address \(binding.address) of interface \(interface.name) cannot be bound on this host: \(reason)"
        return failure(path: path, problem + (entries.isEmpty ? "" : " (\(entries.joined(separator: ", ")))"))
    }

    /// The first node that makes the engine bind an address of `name`, with its path, its
    /// name and the list entries it is in.
    static func user(of name: String, in ntp: NTPConfiguration) -> (path: String, node: String, entries: [String])? {
        if ntp.listenInterfaces.contains(name) {
            return (ntpPath + "/meridian-ntp:listen-interface[.='\(name)']", "listen-interface", [])
        }
        if let server = ntp.servers.first(where: { $0.sourceInterface == name }) {
            return (ntpPath + "/server[name='\(server.name)']/meridian-ntp:source-interface", "source-interface", ["server \(server.name)"])
        }
        if ntp.sourceInterface == name { return (ntpPath + "/meridian-ntp:source-interface", "source-interface", []) }
        if ntp.ipv6SourceInterface == name { return (ntpPath + "/meridian-ntp:ipv6-source-interface", "ipv6-source-interface", []) }
        if ntp.interface(named: name).map({ $0.broadcastServer != nil || $0.broadcastClient || !$0.multicastServers.isEmpty || !$0.multicastClients.isEmpty }) == true {
            return ("/ietf-interfaces:interfaces/interface[name='\(name)']/meridian-ntp:ntp", "ntp", ["interface \(name)"])
        }
        return nil
    }

    private static func failure(path: String, _ message: String) -> RPCError {
        RPCError(type: .application, tag: .operationFailed, appTag: "address-not-bindable", path: path, message: message)
    }
}
