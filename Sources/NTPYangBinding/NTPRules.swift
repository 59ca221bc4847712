public import Datastore
public import NetconfModel
import YangData
import XMLSupport
import NetworkAddress

/// The semantic NTP rules of MODEL.md, checked by `<validate>` and `<commit>`. Each
/// violation is an application error with the path of the offending node and an
/// error-app-tag naming the rule; its message names the node first and the list entries it
/// is in last, as YANG errors do (`source-interface: interface eth9 has no IPv4 address
/// (server lab)`).
///
/// Pure: nothing is bound or resolved here. Whether an interface's address can be bound
/// on this host is found by the engine's prepare, which reports it with the path of the
/// node that uses the address (`EngineApplier`).
public struct NTPRules: ConfigValidator {
    let devices: any NetworkDevices

    /// Error paths use module-name prefixes; the datastore declares them in the reply.
    public init(devices: any NetworkDevices) {
        self.devices = devices
    }

    public func validate(_ config: ValidatedConfiguration) -> [RPCError] {
        validate(NTPConfiguration.of(config))
    }

    /// The rules on the typed configuration.
    public func validate(_ ntp: NTPConfiguration) -> [RPCError] {
        var errors: [RPCError] = []
        let local = Set(ntp.interfaces.flatMap { $0.ipv4 + $0.ipv6 })
        for server in ntp.servers {
            errors += serverAddressErrors(server, local: local)
            let entry = ["server \(server.name)"]
            if let name = server.sourceInterface {
                let family: Family = IPAddress.ignoringZone(server.address).map { $0.isIPv4 ? .ipv4 : .ipv6 } ?? .ipv4
                errors += interfaceErrors(
                    name, family: family, ntp, path: serverPath(server) + "/meridian-ntp:source-interface",
                    node: "source-interface", entries: entry)
            }
            if let id = server.keyID, ntp.authenticationEnabled, let key = ntp.key(id), !key.trusted {
                errors.append(error(
                    "key-not-trusted", path: serverPath(server) + "/meridian-ntp:key-id", node: "key-id", entries: entry,
                    "key \(id) authenticates this server but is not trusted; set trusted true or use another key"))
            }
            if let vrf = server.vpnInstance, !devices.exists(vrf) {
                errors.append(error(
                    "vrf-not-found", path: serverPath(server) + "/meridian-ntp:vpn-instance", node: "vpn-instance", entries: entry,
                    "no VRF device named \(vrf) exists on this host"))
            }
        }
        let ntpPath = "/ietf-system:system/ntp"
        if let name = ntp.sourceInterface {
            errors += interfaceErrors(name, family: .ipv4, ntp, path: ntpPath + "/meridian-ntp:source-interface", node: "source-interface")
        }
        if let name = ntp.ipv6SourceInterface {
            errors += interfaceErrors(
                name, family: .ipv6, ntp, path: ntpPath + "/meridian-ntp:ipv6-source-interface", node: "ipv6-source-interface")
        }
        for name in ntp.listenInterfaces {
            errors += interfaceErrors(
                name, family: .any, ntp, path: ntpPath + "/meridian-ntp:listen-interface[.='\(name)']", node: "listen-interface")
        }
        for interface in ntp.interfaces { errors += groupErrors(interface) }
        return errors
    }

    // MARK: Rules

    private func serverAddressErrors(_ server: NTPConfiguration.Server, local: Set<String>) -> [RPCError] {
        guard let ip = IPAddress.ignoringZone(server.address) else { return [] }  // a domain name
        let path = serverPath(server) + "/udp/address"
        let problem: (tag: String, text: String)?
        if ip.isWildcard {
            problem = ("server-address-unspecified", "is the unspecified address")
        } else if ip.isLimitedBroadcast {
            problem = ("server-address-broadcast", "is a broadcast address")
        } else if ip.isMulticast {
            problem = ("server-address-multicast", "is a multicast address; configure multicast-client on an interface instead")
        } else if ip.isReferenceClockPseudoAddress {
            problem = ("server-address-refclock", "is a reference-clock pseudo address; use refclock-master for a local reference")
        } else if local.contains(server.address) {
            problem = ("server-address-local", "is an address of this device")
        } else {
            problem = nil
        }
        guard let problem else { return [] }
        return [error(problem.tag, path: path, node: "address", entries: ["server \(server.name)"], "\(server.address) \(problem.text)")]
    }

    enum Family { case ipv4, ipv6, any }

    private func interfaceErrors(
        _ name: String, family: Family, _ ntp: NTPConfiguration, path: String, node: String, entries: [String] = []
    ) -> [RPCError] {
        guard let interface = ntp.interface(named: name) else {
            return [error("interface-not-configured", path: path, node: node, entries: entries,
                          "interface \(name) is not configured under /interfaces")]
        }
        let addresses: [String]
        switch family {
        case .ipv4: addresses = interface.ipv4
        case .ipv6: addresses = interface.ipv6
        case .any: addresses = interface.ipv4 + interface.ipv6
        }
        guard addresses.isEmpty else { return [] }
        let kind = family == .ipv6 ? "IPv6" : family == .ipv4 ? "IPv4" : "IP"
        return [error("interface-without-address", path: path, node: node, entries: entries, "interface \(name) has no \(kind) address")]
    }

    private func groupErrors(_ interface: NTPConfiguration.Interface) -> [RPCError] {
        let base = "/ietf-interfaces:interfaces/interface[name='\(interface.name)']/meridian-ntp:ntp"
        var errors: [RPCError] = []
        let hasAddress = !(interface.ipv4 + interface.ipv6).isEmpty
        if interface.broadcastServer != nil {
            errors += broadcastErrors(interface, path: base + "/broadcast-server", node: "broadcast-server")
        }
        if interface.broadcastClient {
            errors += broadcastErrors(interface, path: base + "/broadcast-client", node: "broadcast-client")
        }
        let groups = interface.multicastServers.map { ($0.group, "multicast-server") } + interface.multicastClients.map { ($0, "multicast-client") }
        for (group, list) in groups {
            let path = base + "/\(list)[group='\(group)']"
            let entries = ["interface \(interface.name)", "\(list) \(group)"]
            guard let address = IPAddress.ignoringZone(group), address.isMulticast else {
                errors.append(error("group-not-multicast", path: path + "/group", node: "group", entries: entries,
                                    "\(group) is not a multicast address"))
                continue
            }
            let family = address.isIPv4 ? interface.ipv4 : interface.ipv6
            if !hasAddress || family.isEmpty {
                let kind = address.isIPv4 ? "IPv4" : "IPv6"
                errors.append(error("interface-without-address", path: path, node: list, entries: entries,
                                    "needs an \(kind) address on the interface"))
            }
        }
        return errors
    }

    /// Broadcast needs an IPv4 address whose subnet has a broadcast address (/30 or shorter).
    private func broadcastErrors(_ interface: NTPConfiguration.Interface, path: String, node: String) -> [RPCError] {
        let entries = ["interface \(interface.name)"]
        guard let first = interface.ipv4.first else {
            return [error("interface-without-address", path: path, node: node, entries: entries,
                          "needs an IPv4 address on the interface")]
        }
        if let length = interface.ipv4PrefixLengths[first], length > 30 {
            return [error("no-broadcast-address", path: path, node: node, entries: entries,
                          "needs a subnet with a broadcast address; \(first)/\(length) has none")]
        }
        return []
    }

    // MARK: Error construction

    private func serverPath(_ server: NTPConfiguration.Server) -> String {
        "/ietf-system:system/ntp/server[name='\(server.name)']"
    }

    /// `node: problem (entry, entry)`, the shape of every YANG error message.
    private func error(_ appTag: String, path: String, node: String, entries: [String] = [], _ problem: String) -> RPCError {
        RPCError(
            type: .application, tag: .invalidValue, severity: .error, appTag: appTag, path: path,
            message: "\(node): \(problem)" + (entries.isEmpty ? "" : " (\(entries.joined(separator: ", ")))"), info: [])
    }
}
