import NTPCore
import NTPEngine

/// The lab's JSON configuration file: every field optional, mapped onto an
/// ``EngineConfiguration``.
struct LabConfiguration: Decodable {
    struct Key: Decodable {
        var id: UInt32
        var algorithm: MACAlgorithm
        var hex: String?
        var ascii: String?
        var trusted: Bool?
    }

    struct Association: Decodable {
        var name: String?
        var kind: AssociationSettings.Kind?
        var host: String
        var port: UInt16?
        var version: UInt8?
        var key: UInt32?
        var minpoll: Int8?
        var maxpoll: Int8?
        var burst: Bool?
        var iburst: Bool?
        var burstCount: Int?
        var burstSpacingMs: Int?
        var prefer: Bool?
        var source: String?
        var device: String?
    }

    struct RateLimit: Decodable {
        var averageInterval: Double?
        var burst: Int?
        var kissInterval: Double?
    }

    struct BroadcastServer: Decodable {
        var source: String
        var destination: String
        var ttl: UInt8?
        var version: UInt8?
        var key: UInt32?
        var poll: Int8?
        var loop: Bool?
    }

    struct BroadcastClient: Decodable {
        var listen: String
        var source: String
    }

    var port: UInt16?
    var listen: [String]?
    var broadcastServers: [BroadcastServer]?
    var broadcastClients: [BroadcastClient]?
    /// Authentication enabled: nothing unauthenticated is used (EngineConfiguration.authenticationRequired).
    var authentication: Bool?
    var disabled: [String]?
    var serverEnabled: Bool?
    var refclockMaster: UInt8?
    var rateLimit: RateLimit?
    var rateLimitEnabled: Bool?
    var maxDynamic: Int?
    var keys: [Key]?
    var access: [String: [String]]?
    var associations: [Association]?

    func engineConfiguration() throws -> EngineConfiguration {
        var configuration = EngineConfiguration(port: port ?? 123)
        configuration.serverEnabled = serverEnabled ?? true
        configuration.listenAddresses = try (listen ?? []).map { try address($0) }
        configuration.refclockMasterStratum = refclockMaster
        configuration.maximumDynamicAssociations = maxDynamic ?? 16
        if rateLimitEnabled == false {
            configuration.rateLimit = nil
        } else if let rateLimit {
            configuration.rateLimit = RateLimitPolicy(
                averageInterval: rateLimit.averageInterval ?? 2, burst: rateLimit.burst ?? 8,
                kissInterval: rateLimit.kissInterval ?? 16
            )
        }
        configuration.keys = try (keys ?? []).map(symmetricKey)
        var rules: [AccessRules.Level: [IPPrefix]] = [:]
        for (mode, prefixes) in access ?? [:] {
            guard let level = AccessRules.Level.allCases.first(where: { "\($0)" == mode }) else {
                throw LabError("unknown access mode \(mode)")
            }
            rules[level] = try prefixes.map { text in
                guard let prefix = IPPrefix(text) else { throw LabError("bad prefix \(text)") }
                return prefix
            }
        }
        configuration.accessRules = AccessRules(rules: rules)
        configuration.associations = try (associations ?? []).enumerated().map { index, entry in
            try settings(entry, index: index)
        }
        configuration.broadcastServers = try (broadcastServers ?? []).map { entry in
            BroadcastServerSettings(
                name: "\(entry.source)>\(entry.destination)", source: try address(entry.source), destination: try address(entry.destination),
                ttl: entry.ttl ?? 16, version: entry.version ?? 4, keyID: entry.key, pollExponent: entry.poll ?? 6,
                multicastLoop: entry.loop ?? false)
        }
        configuration.broadcastClients = try (broadcastClients ?? []).map { entry in
            BroadcastClientSettings(name: "\(entry.source)<\(entry.listen)", listen: try address(entry.listen), source: try address(entry.source))
        }
        configuration.authenticationRequired = authentication ?? false
        configuration.disabledAddresses = try (disabled ?? []).map { try address($0) }
        return configuration
    }

    private func settings(_ entry: Association, index: Int) throws -> AssociationSettings {
        var policy = AssociationSettings.defaultBurstPolicy
        if entry.burstCount != nil || entry.burstSpacingMs != nil {
            policy = BurstPolicy(
                packetCount: entry.burstCount ?? policy.packetCount,
                spacing: entry.burstSpacingMs.map { .milliseconds($0) } ?? policy.spacing
            )
        }
        return AssociationSettings(
            name: entry.name ?? "\(entry.host)#\(index)", kind: entry.kind ?? .server, host: entry.host,
            port: entry.port ?? 123, version: entry.version ?? 4, keyID: entry.key,
            minimumPollExponent: entry.minpoll ?? 6, maximumPollExponent: entry.maxpoll ?? 10,
            burst: entry.burst ?? false, initialBurst: entry.iburst ?? false, burstPolicy: policy,
            prefer: entry.prefer ?? false, sourceAddress: try entry.source.map(address), device: entry.device
        )
    }

    private func symmetricKey(_ key: Key) throws -> SymmetricKey {
        let secret: [UInt8]
        if let hex = key.hex {
            guard hex.count % 2 == 0, let bytes = Self.decodeHex(hex) else { throw LabError("key \(key.id): bad hex") }
            secret = bytes
        } else {
            secret = Array((key.ascii ?? "").utf8)
        }
        return SymmetricKey(id: key.id, algorithm: key.algorithm, secret: secret, trusted: key.trusted ?? true)
    }

    private func address(_ text: String) throws -> IPAddress {
        guard let address = IPAddress(text) else { throw LabError("not an IP address: \(text)") }
        return address
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var iterator = text.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let value = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(value)
        }
        return bytes
    }
}

struct LabError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
