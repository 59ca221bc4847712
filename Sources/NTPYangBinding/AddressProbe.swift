import Glibc

/// Questions about this host that the NTP rules ask, behind a protocol so rule tests
/// do not depend on the machine they run on.
public protocol HostProbe: Sendable {
    /// Whether a UDP socket can bind this local address (port 0).
    func canBind(_ address: String) -> Bool
    /// Whether a network device (e.g. a VRF) of this name exists.
    func deviceExists(_ name: String) -> Bool
}

/// Asks the kernel.
public struct SystemHostProbe: HostProbe {
    public init() {}

    public func canBind(_ address: String) -> Bool {
        guard let ip = LiteralAddress(address) else { return false }
        let fd = socket(ip.isIPv4 ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        switch ip {
        case .v4(let bytes):
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            withUnsafeMutableBytes(of: &sa.sin_addr) { $0.copyBytes(from: bytes) }
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        case .v6(let bytes):
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &sa.sin6_addr) { $0.copyBytes(from: bytes) }
            return withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            } == 0
        }
    }

    public func deviceExists(_ name: String) -> Bool { if_nametoindex(name) != 0 }
}
