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
}
