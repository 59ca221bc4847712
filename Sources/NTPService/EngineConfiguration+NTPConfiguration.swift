public import NTPEngine
public import NTPYangBinding
import NTPCore

extension EngineConfiguration {
    /// What the engine should run for a committed NTP configuration. `portOverride`
    /// (`--ntp-port`) wins over meridian-ntp:port. Unusable values were rejected by
    /// validation; what the engine cannot do yet is refused there by `NTPImplementationLimits`.
    public init(_ ntp: NTPConfiguration, portOverride: UInt16? = nil) {
        guard ntp.enabled else {
            self = .stopped
            return
        }
        self.init(
            port: portOverride ?? ntp.port,
            serverEnabled: ntp.serverEnabled,
            listenAddresses: ntp.listenInterfaces.flatMap { name in
                (ntp.interface(named: name).map { $0.ipv4 + $0.ipv6 } ?? []).compactMap(IPAddress.init)
            },
            refclockMasterStratum: ntp.refclockMasterStratum,
            associations: ntp.servers.map { Self.association($0, in: ntp) },
            keys: ntp.keys.compactMap(Self.key),
            accessRules: AccessRules(rules: Dictionary(
                ntp.accessRules.map { (Self.level($0.mode), $0.prefixes.compactMap(IPPrefix.init)) },
                uniquingKeysWith: +)),
            rateLimit: ntp.rateLimit.map { RateLimitPolicy(averageInterval: Double($0.averageInterval), burst: $0.burst) },
            maximumDynamicAssociations: ntp.maxDynamicAssociations,
            broadcastServers: ntp.interfaces.filter(\.ntpEnabled).flatMap(Self.broadcastServers),
            broadcastClients: ntp.interfaces.filter(\.ntpEnabled).flatMap(Self.broadcastClients),
            authenticationRequired: ntp.authenticationEnabled,
            clockStep: ClockStepSettings(
                threshold: ntp.clockStep.threshold, limit: ntp.clockStep.limit, panicThreshold: ntp.clockStep.panicThreshold),
            disabledAddresses: ntp.interfaces.filter { !$0.ntpEnabled }.flatMap { $0.ipv4 + $0.ipv6 }.compactMap(IPAddress.init),
            unsynchronizedPollLimit: ntp.unsyncMaxPoll.map {
                UnsynchronizedPollLimit(maximumPollExponent: $0.poll, decrement: $0.decrement)
            })
    }

    static func association(_ server: NTPConfiguration.Server, in ntp: NTPConfiguration) -> AssociationSettings {
        AssociationSettings(
            name: server.name,
            kind: server.associationType == .peer ? .peer : .server,
            host: server.address,
            port: server.port,
            version: server.version,
            keyID: server.keyID.map(UInt32.init),
            minimumPollExponent: server.minpoll,
            maximumPollExponent: server.maxpoll,
            burst: server.burst,
            initialBurst: server.iburst,
            prefer: server.prefer,
            preempt: server.preempt,
            sourceAddress: sourceAddress(for: server, in: ntp),
            device: server.vpnInstance)
    }

    /// The server's own source interface, else the global one of the server's family.
    static func sourceAddress(for server: NTPConfiguration.Server, in ntp: NTPConfiguration) -> IPAddress? {
        let wantsIPv6 = IPAddress(server.address).map { !$0.isIPv4 } ?? false
        let name = server.sourceInterface ?? (wantsIPv6 ? ntp.ipv6SourceInterface : ntp.sourceInterface)
        guard let name, let interface = ntp.interface(named: name) else { return nil }
        return (wantsIPv6 ? interface.ipv6 : interface.ipv4).first.flatMap(IPAddress.init)
    }

    static func key(_ key: NTPConfiguration.Key) -> SymmetricKey? {
        guard let algorithm = MACAlgorithm(rawValue: key.algorithm.rawValue) else { return nil }
        return SymmetricKey(id: UInt32(key.id), algorithm: algorithm, secret: key.secret, trusted: key.trusted)
    }

    static func level(_ mode: NTPConfiguration.AccessRule.Mode) -> AccessRules.Level {
        switch mode {
        case .peer: .peer
        case .server: .server
        case .synchronization: .synchronization
        case .query: .query
        }
    }

    /// Settings the model has but this engine does not carry out yet, with the path of the
    /// node that asks for them: committing them would advertise behaviour that does not happen.
    public static func unsupported(_ ntp: NTPConfiguration) -> [(path: String, message: String)] {
        var found: [(path: String, message: String)] = []
        let ntpPath = "/ietf-system:system/ntp"
        for key in ntp.keys where MACAlgorithm(rawValue: key.algorithm.rawValue) == nil {
            found.append(("\(ntpPath)/meridian-ntp:authentication/key[key-id='\(key.id)']/algorithm",
                          "the engine does not implement \(key.algorithm.rawValue) keys; use md5, sha1 or aes-cmac"))
        }
        for interface in ntp.interfaces {
            // One socket per interface and family sends every group, with one TTL.
            let base = "/ietf-interfaces:interfaces/interface[name='\(interface.name)']/meridian-ntp:ntp"
            for family in [true, false] {
                let groups = interface.multicastServers.filter { IPAddress($0.group)?.isIPv4 == family }
                guard Set(groups.map(\.ttl)).count > 1, let last = groups.last else { continue }
                found.append((base + "/multicast-server[group='\(last.group)']/ttl",
                              "multicast groups of one interface and family with different ttl values are not implemented yet"))
            }
        }
        return found
    }
}
