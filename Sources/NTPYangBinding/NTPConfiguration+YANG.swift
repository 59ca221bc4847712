public import YangData
import NetworkAddress

extension NTPConfiguration {
    static let systemModule = "ietf-system"
    static let interfacesModule = "ietf-interfaces"
    static let ipModule = "ietf-ip"
    static let ntpModule = "meridian-ntp"

    /// Reads a configuration (top-level data nodes); an absent leaf is its default, so
    /// nodes with or without the defaults validation adds read the same.
    public init(_ roots: [DataNode]) {
        self.init()
        if let system = roots.first(where: { $0.name == "system" && $0.module == Self.systemModule }) {
            hostname = system.child("hostname")?.value
            if let ntp = system.child("ntp") { readNTP(ntp) }
        }
        if let interfaces = roots.first(where: { $0.name == "interfaces" && $0.module == Self.interfacesModule }) {
            self.interfaces = interfaces.children.filter { $0.name == "interface" }.map(Self.readInterface)
        }
    }

    private mutating func readNTP(_ ntp: DataNode) {
        enabled = ntp.bool("enabled") ?? true
        port = ntp.number("port", module: Self.ntpModule) ?? 123
        if let master = ntp.child("refclock-master", module: Self.ntpModule) {
            refclockMasterStratum = master.number("stratum", module: Self.ntpModule) ?? 8
        }
        serverEnabled = ntp.bool("server-enabled", module: Self.ntpModule) ?? true
        listenInterfaces = ntp.children.filter { $0.name == "listen-interface" && $0.module == Self.ntpModule }.compactMap(\.value)
        sourceInterface = ntp.child("source-interface", module: Self.ntpModule)?.value
        ipv6SourceInterface = ntp.child("ipv6-source-interface", module: Self.ntpModule)?.value
        if let unsync = ntp.child("unsync-max-poll", module: Self.ntpModule),
            let poll: Int8 = unsync.number("poll-interval"), let step: UInt8 = unsync.number("dec-step") {
            unsyncMaxPoll = (poll, step)
        }
        if let authentication = ntp.child("authentication", module: Self.ntpModule) {
            authenticationEnabled = authentication.bool("enabled") ?? false
            keys = authentication.children.filter { $0.name == "key" }.compactMap(Self.readKey)
        }
        accessRules = ntp.children.filter { $0.name == "access-rule" && $0.module == Self.ntpModule }.compactMap { rule in
            guard let mode = rule.child("mode")?.value.flatMap(AccessRule.Mode.init(rawValue:)) else { return nil }
            return AccessRule(mode: mode, prefixes: rule.children.filter { $0.name == "prefix" }.compactMap(\.value))
        }
        if let limit = ntp.child("rate-limit", module: Self.ntpModule) {
            rateLimit = (limit.number("average-interval").map { (n: UInt16) in Int(n) } ?? 2,
                         limit.number("burst").map { (n: UInt8) in Int(n) } ?? 8)
        }
        maxDynamicAssociations = ntp.number("max-dynamic-associations", module: Self.ntpModule).map { (n: UInt16) in Int(n) } ?? 64
        if let step = ntp.child("clock-step", module: Self.ntpModule) {
            clockStep.threshold = step.child("threshold")?.value.flatMap(Double.init) ?? clockStep.threshold
            clockStep.limit = step.number("limit").map { (n: UInt32) in Int(n) } ?? clockStep.limit
            clockStep.panicThreshold = step.child("panic-threshold")?.value.flatMap(Double.init) ?? clockStep.panicThreshold
        }
        servers = ntp.children.filter { $0.name == "server" && $0.module == Self.systemModule }.compactMap(Self.readServer)
    }

    private static func readServer(_ node: DataNode) -> Server? {
        guard let name = node.child("name")?.value, let udp = node.child("udp"), let address = udp.child("address")?.value else { return nil }
        var server = Server(name: name, address: address)
        server.port = udp.number("port") ?? 123
        server.associationType = node.child("association-type")?.value.flatMap(Server.AssociationType.init(rawValue:)) ?? .server
        server.iburst = node.bool("iburst") ?? false
        server.prefer = node.bool("prefer") ?? false
        server.version = node.number("version", module: ntpModule) ?? 4
        server.keyID = node.number("key-id", module: ntpModule)
        server.sourceInterface = node.child("source-interface", module: ntpModule)?.value
        server.vpnInstance = node.child("vpn-instance", module: ntpModule)?.value
        server.minpoll = node.number("minpoll", module: ntpModule) ?? 6
        server.maxpoll = node.number("maxpoll", module: ntpModule) ?? 10
        server.burst = node.bool("burst", module: ntpModule) ?? false
        server.preempt = node.bool("preempt", module: ntpModule) ?? false
        return server
    }

    private static func readKey(_ node: DataNode) -> Key? {
        guard let id: UInt16 = node.number("key-id"),
            let algorithm = node.child("algorithm")?.value.flatMap(Key.Algorithm.init(rawValue:))
        else { return nil }
        let secret: [UInt8]
        if let hex = node.child("hex-key")?.value {
            secret = HexBytes.decode(hex) ?? []
        } else {
            secret = Array((node.child("ascii-key")?.value ?? "").utf8)
        }
        return Key(id: id, algorithm: algorithm, secret: secret, trusted: node.bool("trusted") ?? false)
    }

    private static func readInterface(_ node: DataNode) -> Interface {
        var interface = Interface(name: node.child("name")?.value ?? "")
        interface.enabled = node.bool("enabled") ?? true
        interface.ipv4 = addresses(node.child("ipv4", module: ipModule))
        interface.ipv6 = addresses(node.child("ipv6", module: ipModule))
        interface.ipv4PrefixLengths = prefixLengths(node.child("ipv4", module: ipModule))
        if let ntp = node.child("ntp", module: ntpModule) {
            interface.ntpEnabled = ntp.bool("enabled") ?? true
            interface.broadcastServer = ntp.child("broadcast-server").map { group($0, address: "") }
            interface.broadcastClient = ntp.child("broadcast-client") != nil
            interface.multicastServers = ntp.children.filter { $0.name == "multicast-server" }.map { group($0, address: $0.child("group")?.value ?? "") }
            interface.multicastClients = ntp.children.filter { $0.name == "multicast-client" }.compactMap { $0.child("group")?.value }
        }
        return interface
    }

    private static func addresses(_ family: DataNode?) -> [String] {
        guard let family, family.bool("enabled") ?? true else { return [] }
        return family.children.filter { $0.name == "address" }.compactMap { $0.child("ip")?.value }
    }

    private static func prefixLengths(_ family: DataNode?) -> [String: UInt8] {
        var lengths: [String: UInt8] = [:]
        for address in family?.children.filter({ $0.name == "address" }) ?? [] {
            guard let ip = address.child("ip")?.value else { continue }
            if let length: UInt8 = address.number("prefix-length") {
                lengths[ip] = length
            } else if let netmask = address.child("netmask")?.value, case .v4(let mask) = IPAddress(netmask) {
                lengths[ip] = UInt8(mask.nonzeroBitCount)
            }
        }
        return lengths
    }

    private static func group(_ node: DataNode, address: String) -> Interface.Group {
        Interface.Group(
            group: address, ttl: node.number("ttl") ?? 16, keyID: node.number("key-id"), version: node.number("version") ?? 4)
    }
}

extension DataNode {
    func bool(_ name: String, module: String? = nil) -> Bool? {
        child(name, module: module)?.value.map { $0 == "true" }
    }

    func number<T: FixedWidthInteger>(_ name: String, module: String? = nil) -> T? {
        child(name, module: module)?.value.flatMap { T($0) }
    }
}

/// Hexadecimal text to bytes.
public enum HexBytes {
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
