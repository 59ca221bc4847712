import NTPEngine
import NTPYangBinding

extension EngineConfiguration {
    /// The interface's broadcast-server and multicast-server entries as
    /// senders: broadcasts go from its first IPv4 address to that subnet's
    /// broadcast address (from the configured prefix length); each group
    /// from its first address of the group's family.
    static func broadcastServers(_ interface: NTPConfiguration.Interface) -> [BroadcastServerSettings] {
        var senders: [BroadcastServerSettings] = []
        if let broadcast = interface.broadcastServer, let (source, destination) = broadcastAddresses(interface) {
            senders.append(BroadcastServerSettings(
                name: "\(interface.name) broadcast \(destination)", source: source, destination: destination,
                version: broadcast.version, keyID: broadcast.keyID.map(UInt32.init)))
        }
        for entry in interface.multicastServers {
            guard let group = IPAddress(entry.group), let source = firstAddress(interface, like: group) else { continue }
            senders.append(BroadcastServerSettings(
                name: "\(interface.name) multicast \(group)", source: source, destination: group,
                ttl: entry.ttl, version: entry.version, keyID: entry.keyID.map(UInt32.init)))
        }
        return senders
    }

    /// The interface's broadcast-client and multicast-client entries as listeners.
    static func broadcastClients(_ interface: NTPConfiguration.Interface) -> [BroadcastClientSettings] {
        var listeners: [BroadcastClientSettings] = []
        if interface.broadcastClient, let (source, destination) = broadcastAddresses(interface) {
            listeners.append(BroadcastClientSettings(name: "\(interface.name) broadcast \(destination)", listen: destination, source: source))
        }
        for entry in interface.multicastClients {
            guard let group = IPAddress(entry), let source = firstAddress(interface, like: group) else { continue }
            listeners.append(BroadcastClientSettings(name: "\(interface.name) multicast \(group)", listen: group, source: source))
        }
        return listeners
    }

    /// The first IPv4 address and its subnet's broadcast address.
    private static func broadcastAddresses(_ interface: NTPConfiguration.Interface) -> (IPAddress, IPAddress)? {
        guard let text = interface.ipv4.first, let address = IPAddress(text),
              let broadcast = address.broadcastAddress(prefixLength: Int(interface.ipv4PrefixLengths[text] ?? 32)) else { return nil }
        return (address, broadcast)
    }

    private static func firstAddress(_ interface: NTPConfiguration.Interface, like group: IPAddress) -> IPAddress? {
        (group.isIPv4 ? interface.ipv4 : interface.ipv6).first.flatMap(IPAddress.init)
    }
}
