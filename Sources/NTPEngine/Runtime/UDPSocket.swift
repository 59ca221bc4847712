import Glibc
internal import CNetShims

/// A bound, non-blocking UDP socket that owns its descriptor and closes it
/// in `close()` or `deinit`. Used only on the engine thread.
final class UDPSocket: DatagramSocket {
    let binding: SocketBinding
    private(set) var descriptor: Int32
    /// The port actually bound (differs from the binding's for port 0).
    let localPort: UInt16

    init(binding: SocketBinding, descriptor: Int32) {
        self.binding = binding
        self.descriptor = descriptor
        var local = mn_address()
        self.localPort = mn_local_address(descriptor, &local) == 0 ? local.port : binding.port
    }

    func close() {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }
}

@available(*, unavailable)
extension UDPSocket: Sendable {}

/// Binds real sockets through `CNetShims` (`SO_REUSEADDR`,
/// `SO_TIMESTAMPNS`, packet info, `SO_BINDTODEVICE`).
struct UDPSocketFactory: DatagramSocketFactory {
    func bind(_ binding: SocketBinding, options: SocketOptions) throws(EngineError) -> any DatagramSocket {
        var local = mn_address(binding.address, port: binding.port)
        let result = binding.device.map { device in
            device.withCString { mn_udp_open(&local, $0) }
        } ?? mn_udp_open(&local, nil)
        guard result >= 0 else {
            throw .bindFailed(binding, errno: -result, reason: String(cString: strerror(-result)))
        }
        let socket = UDPSocket(binding: binding, descriptor: result)
        if let failure = Self.apply(options, to: result) {
            socket.close()
            throw .bindFailed(binding, errno: failure.errno, reason: "\(failure.what): \(String(cString: strerror(failure.errno)))")
        }
        return socket
    }

    func ensureUnused(_ binding: SocketBinding) throws(EngineError) {
        var local = mn_address(binding.address, port: binding.port)
        let result = binding.device.map { device in
            device.withCString { mn_udp_probe_unused(&local, $0) }
        } ?? mn_udp_probe_unused(&local, nil)
        guard result < 0 else { return }
        let reason = result == -EADDRINUSE
            ? "UDP port \(binding.port) is in use by another process (another NTP server?)"
            : String(cString: strerror(-result))
        throw .bindFailed(binding, errno: -result, reason: reason)
    }

    /// Sets broadcast and multicast options; the first failure, if any.
    private static func apply(_ options: SocketOptions, to descriptor: Int32) -> (what: String, errno: Int32)? {
        if options.broadcast, case let result = mn_udp_enable_broadcast(descriptor), result < 0 {
            return ("cannot enable broadcast", -result)
        }
        if let interface = options.multicastInterface {
            var address = mn_address(interface, port: 0)
            let result = mn_udp_multicast_sender(descriptor, &address, options.multicastTTL, options.multicastLoop ? 1 : 0)
            if result < 0 { return ("cannot send multicast from \(interface)", -result) }
        }
        for membership in options.memberships.sorted(by: { $0.group.description < $1.group.description }) {
            var group = mn_address(membership.group, port: 0)
            var interface = mn_address(membership.interface, port: 0)
            let result = mn_udp_join_group(descriptor, &group, &interface)
            if result < 0 { return ("cannot join \(membership.group) on the interface of \(membership.interface)", -result) }
        }
        return nil
    }
}

extension mn_address {
    /// Fills the C address without intermediate arrays (hot path).
    init(_ address: IPAddress, port: UInt16) {
        self.init()
        self.port = port
        withUnsafeMutableBytes(of: &self.bytes) { raw in
            switch address {
            case .v4(let value):
                family = 4
                raw.storeBytes(of: value.bigEndian, toByteOffset: 0, as: UInt32.self)
            case .v6(let high, let low):
                family = 6
                raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
                raw.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
            }
        }
    }

    var ipAddress: IPAddress? {
        withUnsafeBytes(of: bytes) { raw in
            switch family {
            case 4: .v4(UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            case 6: .v6(high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                        low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            default: nil
            }
        }
    }

    var endpoint: NTPEndpoint? {
        ipAddress.map { NTPEndpoint(address: $0, port: port) }
    }

    /// ``NTPEndpoint/acceptsReplies`` read straight from the C address
    /// (the in-place reply path builds no endpoint).
    var acceptsReplies: Bool {
        guard port != 0 else { return false }
        return withUnsafeBytes(of: bytes) { raw in
            switch family {
            case 4:
                let first = raw[0]
                return first != 0 && first < 0xE0
            case 6:
                return raw[0] != 0xFF && raw.prefix(16).contains { $0 != 0 }
            default:
                return false
            }
        }
    }
}
