import Glibc
import OSThreads

/// Resolves host names with `getaddrinfo` on a short-lived thread, never on
/// the engine thread, and reports the numeric addresses or why there are none.
struct HostResolver: Sendable {
    /// Why a name gave no address: `getaddrinfo`'s own message.
    struct Failure: Error, Sendable {
        var message: String
    }

    func resolve(_ host: String, completion: @escaping @Sendable (Result<[IPAddress], Failure>) -> Void) {
        let started = OSThread.detach(name: "ntp-resolve") { completion(Self.lookup(host)) }
        if !started { completion(.failure(Failure(message: "cannot start a resolver thread"))) }
    }

    static func lookup(_ host: String) -> Result<[IPAddress], Failure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        guard status == 0 else { return .failure(Failure(message: String(cString: gai_strerror(status)))) }
        defer { freeaddrinfo(result) }
        var addresses: [IPAddress] = []
        var cursor = result
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                if entry.pointee.ai_family == AF_INET {
                    let value = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
                    addresses.append(.v4(UInt32(bigEndian: value)))
                } else if entry.pointee.ai_family == AF_INET6 {
                    let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    if let parsed = IPAddress(bytes: bytes) { addresses.append(parsed) }
                }
            }
            cursor = entry.pointee.ai_next
        }
        var unique: [IPAddress] = []
        for address in addresses where !unique.contains(address) { unique.append(address) }
        return unique.isEmpty ? .failure(Failure(message: "no address")) : .success(unique)
    }
}
