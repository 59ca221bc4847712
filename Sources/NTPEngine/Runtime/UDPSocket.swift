import Glibc
internal import CNetShims

/// A bound, non-blocking UDP socket that owns its descriptor and closes it
/// in `close()` or `deinit`. Used only on the engine thread.
final class UDPSocket: DatagramSocket {
    let binding: SocketBinding
    private(set) var descriptor: Int32

    init(binding: SocketBinding, descriptor: Int32) {
        self.binding = binding
        self.descriptor = descriptor
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
    func bind(_ binding: SocketBinding) throws(EngineError) -> any DatagramSocket {
        var local = mn_address(binding.address, port: binding.port)
        let result = binding.device.map { device in
            device.withCString { mn_udp_open(&local, $0) }
        } ?? mn_udp_open(&local, nil)
        guard result >= 0 else {
            throw .bindFailed(binding, errno: -result, reason: String(cString: strerror(-result)))
        }
        return UDPSocket(binding: binding, descriptor: result)
    }
}

extension mn_address {
    init(_ address: IPAddress, port: UInt16) {
        self.init()
        let bytes = address.bytes
        family = address.isIPv4 ? 4 : 6
        self.port = port
        withUnsafeMutableBytes(of: &self.bytes) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
    }

    var ipAddress: IPAddress? {
        guard family == 4 || family == 6 else { return nil }
        let count = family == 4 ? 4 : 16
        let raw = withUnsafeBytes(of: bytes) { Array($0.prefix(count)) }
        return IPAddress(bytes: raw)
    }

    var endpoint: NTPEndpoint? {
        ipAddress.map { NTPEndpoint(address: $0, port: port) }
    }
}
