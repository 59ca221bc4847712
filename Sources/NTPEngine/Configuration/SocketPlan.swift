/// The sockets a configuration needs and which of them answer requests:
/// a pure function of the configuration.
struct SocketPlan: Hashable, Sendable {
    /// Every binding, with whether it serves clients and passive peers.
    var bindings: [SocketBinding: Bool]

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
    }

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
