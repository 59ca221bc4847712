/// The sockets a configuration needs and which of them answer requests:
/// a pure function of the configuration.
struct SocketPlan: Hashable, Sendable {
    /// Every binding, with whether it serves clients and passive peers.
    var bindings: [SocketBinding: Bool]
    /// Broadcast and multicast options of the bindings that need any.
    var options: [SocketBinding: SocketOptions] = [:]
    /// Bindings on a broadcast address or group, with the listener each
    /// belongs to: the only sockets whose mode-5 packets are followed.
    var broadcastReceivers: [SocketBinding: BroadcastClientSettings] = [:]

    init(_ configuration: EngineConfiguration) {
        var bindings: [SocketBinding: Bool] = [:]
        if configuration.serverEnabled {
            for binding in Self.listenBindings(configuration) { bindings[binding] = true }
        }
        for settings in configuration.associations {
            let binding = Self.binding(for: settings, in: configuration)
            if bindings[binding] == nil { bindings[binding] = false }
        }
        self.bindings = bindings
        for sender in configuration.broadcastServers {
            let binding = SocketBinding(address: sender.source, port: configuration.port)
            if self.bindings[binding] == nil { self.bindings[binding] = false }
            if sender.isMulticast {
                options[binding, default: SocketOptions()].multicastInterface = sender.source
                options[binding, default: SocketOptions()].multicastTTL = sender.ttl
                if sender.multicastLoop { options[binding, default: SocketOptions()].multicastLoop = true }
            } else {
                options[binding, default: SocketOptions()].broadcast = true
            }
        }
        for listener in configuration.broadcastClients {
            let receiver = Self.receiveBinding(for: listener, in: configuration)
            if self.bindings[receiver] == nil { self.bindings[receiver] = false }
            broadcastReceivers[receiver] = broadcastReceivers[receiver] ?? listener
            if listener.isMulticast {
                options[receiver, default: SocketOptions()].memberships.insert(.init(group: listener.listen, interface: listener.source))
            } else {
                options[receiver, default: SocketOptions()].broadcast = true
            }
            let sender = Self.sendBinding(for: listener, in: configuration)
            if self.bindings[sender] == nil { self.bindings[sender] = false }
        }
    }

    /// Where a listener receives: its broadcast address or group, so the
    /// socket sees mode-5 packets and nothing else.
    static func receiveBinding(for listener: BroadcastClientSettings, in configuration: EngineConfiguration) -> SocketBinding {
        SocketBinding(address: listener.listen, port: configuration.port)
    }

    /// Where a listener's associations send their calibration requests.
    static func sendBinding(for listener: BroadcastClientSettings, in configuration: EngineConfiguration) -> SocketBinding {
        SocketBinding(address: listener.source, port: configuration.port)
    }

    func options(for binding: SocketBinding) -> SocketOptions { options[binding] ?? SocketOptions() }

    static func listenBindings(_ configuration: EngineConfiguration) -> [SocketBinding] {
        let addresses = configuration.listenAddresses.isEmpty ? [IPAddress.anyIPv4] : configuration.listenAddresses
        return addresses.map { SocketBinding(address: $0, port: configuration.port) }
    }

    /// The socket an association sends from: its source address; else the
    /// first listening address of the remote's family; else the wildcard.
    static func binding(for settings: AssociationSettings, in configuration: EngineConfiguration) -> SocketBinding {
        let family = settings.sourceAddress ?? settings.numericAddress ?? .anyIPv4
        if let source = settings.sourceAddress {
            return SocketBinding(address: source, port: configuration.port, device: settings.device)
        }
        let listening = configuration.listenAddresses.first { $0.isIPv4 == family.isIPv4 && !$0.isWildcard }
        return SocketBinding(address: listening ?? family.wildcard, port: configuration.port, device: settings.device)
    }

    func serves(_ binding: SocketBinding) -> Bool { bindings[binding] ?? false }
}
