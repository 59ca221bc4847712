public import Datastore
import Glibc

/// ietf-interfaces operational state of the host's own interfaces for `<get>`: for each
/// OS interface, `oper-status` and its IPv4/IPv6 addresses (ietf-ip, origin
/// `other`), read with getifaddrs(3) at each request.
public struct OSInterfacesState: StateSource {
    public init() {}

    public var topLevelElements: [(name: String, namespace: String)] {
        [("interfaces", "urn:ietf:params:xml:ns:yang:ietf-interfaces")]
    }

    struct Interface {
        var up = false
        var ipv4: [(String, Int)] = []
        var ipv6: [(String, Int)] = []
    }

    public func stateXML() async -> String {
        var interfaces: [String: Interface] = [:]
        var order: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return "" }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor?.pointee {
            defer { cursor = entry.ifa_next }
            guard let cName = entry.ifa_name else { continue }
            let name = String(cString: cName)
            if interfaces[name] == nil {
                order.append(name)
                interfaces[name] = Interface(up: entry.ifa_flags & UInt32(IFF_UP) != 0 && entry.ifa_flags & UInt32(IFF_RUNNING) != 0)
            }
            guard let address = entry.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6, let text = Self.numeric(address, family: family) else { continue }
            let prefix = entry.ifa_netmask.map { Self.prefixLength($0, family: family) } ?? 0
            if family == AF_INET { interfaces[name]?.ipv4.append((text, prefix)) } else { interfaces[name]?.ipv6.append((text, prefix)) }
        }
        var xml = "<interfaces xmlns=\"urn:ietf:params:xml:ns:yang:ietf-interfaces\">"
        for name in order {
            guard let interface = interfaces[name] else { continue }
            xml += "<interface><name>\(Self.escape(name))</name><oper-status>\(interface.up ? "up" : "down")</oper-status>"
            xml += Self.addresses("ipv4", interface.ipv4, maxPrefix: 32) + Self.addresses("ipv6", interface.ipv6, maxPrefix: 128)
            xml += "</interface>"
        }
        return xml + "</interfaces>"
    }

    static func addresses(_ family: String, _ list: [(String, Int)], maxPrefix: Int) -> String {
        guard !list.isEmpty else { return "" }
        let entries = list.map { address, prefix in
            "<address><ip>\(address)</ip><prefix-length>\(min(prefix, maxPrefix))</prefix-length><origin>other</origin></address>"
        }
        return "<\(family) xmlns=\"urn:ietf:params:xml:ns:yang:ietf-ip\">" + entries.joined() + "</\(family)>"
    }

    static func numeric(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok: UnsafePointer<CChar>? = family == AF_INET
            ? address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet_ntop(AF_INET, &$0.pointee.sin_addr, &buffer, socklen_t(buffer.count)) }
            : address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { inet_ntop(AF_INET6, &$0.pointee.sin6_addr, &buffer, socklen_t(buffer.count)) }
        guard ok != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func prefixLength(_ mask: UnsafeMutablePointer<sockaddr>, family: Int32) -> Int {
        let bytes: [UInt8] = family == AF_INET
            ? mask.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) } }
            : mask.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) } }
        return bytes.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
