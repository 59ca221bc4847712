import Glibc

/// The remote address of a connected socket, numeric, for logs and per-source limits.
enum PeerAddress {
    /// "127.0.0.1:50122" or "[2001:db8::1]:50122"; "unknown" if it cannot be read.
    static func describe(fd: Int32) -> String {
        guard let (host, service) = numericName(fd: fd, withService: true) else { return "unknown" }
        return host.contains(":") ? "[\(host)]:\(service)" : "\(host):\(service)"
    }

    /// The remote host without port ("127.0.0.1", "2001:db8::1"); "unknown" if it cannot be
    /// read. IPv4-mapped IPv6 addresses are given as IPv4, so one client counts as one source
    /// on any listener.
    static func host(fd: Int32) -> String {
        guard let (host, _) = numericName(fd: fd, withService: false) else { return "unknown" }
        return host.hasPrefix("::ffff:") && host.contains(".") ? String(host.dropFirst(7)) : host
    }

    /// getpeername + getnameinfo(NI_NUMERICHOST [| NI_NUMERICSERV]); nil when either fails.
    private static func numericName(fd: Int32, withService: Bool) -> (host: String, service: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: withService ? Int(NI_MAXSERV) : 1)
        let flags = withService ? NI_NUMERICHOST | NI_NUMERICSERV : NI_NUMERICHOST
        let ok = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, withService ? socklen_t(service.count) : 0, flags)
            }
        }
        guard ok == 0 else { return nil }
        return (text(host), text(service))
    }

    /// A NUL-terminated C buffer as a String.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
