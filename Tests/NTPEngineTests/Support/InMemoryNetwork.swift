@testable import NTPCore
@testable import NTPEngine

/// Sockets with no kernel: bindings are recorded and may be made to fail.
final class InMemorySocket: DatagramSocket {
    let binding: SocketBinding
    private(set) var isClosed = false
    private let network: InMemoryNetwork

    init(binding: SocketBinding, network: InMemoryNetwork) {
        self.binding = binding
        self.network = network
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        network.released(self)
    }
}

/// The factory side of the in-memory network: which bindings exist, which
/// addresses this "host" has, and bind failures on demand.
final class InMemoryNetwork: DatagramSocketFactory {
    /// Addresses that exist on the host (wildcards always bind).
    var hostAddresses: Set<IPAddress>
    private(set) var bound: [SocketBinding: InMemorySocket] = [:]
    private(set) var bindCount = 0
    /// The options each binding was last opened with.
    private(set) var options: [SocketBinding: SocketOptions] = [:]

    init(hostAddresses: Set<IPAddress>) {
        self.hostAddresses = hostAddresses
    }

    func bind(_ binding: SocketBinding, options: SocketOptions) throws(EngineError) -> any DatagramSocket {
        guard binding.address.isWildcard || binding.address.isMulticast || hostAddresses.contains(binding.address)
            || broadcastAddresses.contains(binding.address) else {
            throw .bindFailed(binding, errno: 99, reason: "Cannot assign requested address")
        }
        // A second socket on a bound address is a re-open with new options (SO_REUSEADDR).
        guard bound[binding] == nil || self.options[binding] != options else {
            throw .bindFailed(binding, errno: 98, reason: "Address already in use")
        }
        let socket = InMemorySocket(binding: binding, network: self)
        bound[binding] = socket
        self.options[binding] = options
        bindCount += 1
        return socket
    }

    /// Ports another process of this host holds (the kernel refuses a binding without
    /// SO_REUSEADDR there).
    var portsInUseElsewhere: Set<UInt16> = []
    private(set) var probes: [SocketBinding] = []

    func ensureUnused(_ binding: SocketBinding) throws(EngineError) {
        probes.append(binding)
        if portsInUseElsewhere.contains(binding.port) {
            throw .bindFailed(binding, errno: 98, reason: "UDP port \(binding.port) is in use by another process")
        }
    }

    /// Broadcast addresses of this host's subnets (bindable by listeners).
    var broadcastAddresses: Set<IPAddress> = []

    func released(_ socket: InMemorySocket) {
        if bound[socket.binding] === socket { bound[socket.binding] = nil }
    }
}
