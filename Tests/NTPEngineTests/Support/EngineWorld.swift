@testable import NTPCore
@testable import NTPEngine

/// Several engines (one per host) joined by an in-memory network on one
/// manual timeline, driven as a discrete-event simulation: nothing sleeps.
final class EngineWorld {
    struct Host {
        var core: EngineCore
        var clock: ManualHostClock
        var network: InMemoryNetwork
    }

    private struct InFlight {
        var time: Double
        var order: Int
        var datagram: OutgoingDatagram
        var sender: SocketBinding
        var senderAddress: IPAddress
    }

    let timeline = ManualHostClock.Shared()
    private(set) var hosts: [Host] = []
    /// One-way delay of every datagram, in seconds.
    var delay = 0.000_1
    private var inFlight: [InFlight] = []
    private var sequence = 0
    /// Every datagram delivered, for assertions.
    private(set) var delivered: [(to: Int, datagram: IncomingDatagram)] = []
    /// Datagrams addressed to no host (replies to injected packets).
    private(set) var unrouted: [OutgoingDatagram] = []

    var now: Double { timeline.now.withLock { $0 } }

    @discardableResult
    func addHost(addresses: [String], clockOffset: Double = 0, options: EngineOptions? = nil) -> Int {
        let options = options ?? EngineOptions(randomSeed: UInt64(hosts.count + 1))
        let clock = ManualHostClock(shared: timeline, offset: clockOffset)
        let network = InMemoryNetwork(hostAddresses: Set(addresses.compactMap(IPAddress.init)))
        let core = EngineCore(hostClock: clock, driver: VirtualClockDriver(parameters: options.discipline), options: options)
        hosts.append(Host(core: core, clock: clock, network: network))
        return hosts.count - 1
    }

    func core(_ host: Int) -> EngineCore { hosts[host].core }

    func configure(_ host: Int, _ configuration: EngineConfiguration) throws(EngineError) {
        let prepared = try hosts[host].core.prepare(configuration, factory: hosts[host].network)
        hosts[host].core.apply(prepared.id)
        collect()
    }

    /// Injects a datagram from outside (a hostile or hand-made sender).
    func inject(_ bytes: [UInt8], from source: NTPEndpoint, to destination: NTPEndpoint) {
        guard let (host, socket) = route(destination) ?? receivers(destination).first else { return }
        let datagram = IncomingDatagram(bytes: bytes, source: source, socket: socket, destination: destination.address)
        delivered.append((host, datagram))
        hosts[host].core.receive(datagram)
        collect()
    }

    /// Runs the simulation until `end` seconds of true time.
    func run(until end: Double) {
        while true {
            let nextTimer = hosts.compactMap { $0.core.nextDeadline()?.seconds }.min()
            let nextPacket = inFlight.map(\.time).min()
            guard let next = [nextTimer, nextPacket].compactMap({ $0 }).min(), next <= end else { break }
            timeline.now.withLock { $0 = max($0, next) }
            if let nextPacket, nextPacket <= now {
                deliverDue()
            } else {
                for host in hosts { host.core.fireDueTimers() }
            }
            collect()
        }
        timeline.now.withLock { $0 = max($0, end) }
    }

    func run(for seconds: Double) { run(until: now + seconds) }

    private func collect() {
        for index in hosts.indices {
            let outbox = hosts[index].core.outbox
            hosts[index].core.outbox.removeAll()
            for datagram in outbox {
                let sender = datagram.sourceAddress ?? (datagram.socket.address.isWildcard
                    ? hosts[index].network.hostAddresses.first(where: { $0.isIPv4 == datagram.destination.address.isIPv4 }) ?? datagram.socket.address
                    : datagram.socket.address)
                sequence += 1
                inFlight.append(InFlight(time: now + delay, order: sequence, datagram: datagram, sender: datagram.socket, senderAddress: sender))
            }
        }
    }

    private func deliverDue() {
        let due = inFlight.filter { $0.time <= now }.sorted { ($0.time, $0.order) < ($1.time, $1.order) }
        inFlight.removeAll { $0.time <= now }
        for packet in due {
            if packet.datagram.destination.address.isMulticast || isBroadcast(packet.datagram.destination) {
                for (host, socket) in receivers(packet.datagram.destination) {
                    let datagram = IncomingDatagram(
                        bytes: packet.datagram.bytes, source: NTPEndpoint(address: packet.senderAddress, port: packet.sender.port),
                        socket: socket, destination: packet.datagram.destination.address)
                    delivered.append((host, datagram))
                    hosts[host].core.receive(datagram)
                }
                continue
            }
            guard let (host, socket) = route(packet.datagram.destination) else {
                unrouted.append(packet.datagram)
                continue
            }
            let datagram = IncomingDatagram(
                bytes: packet.datagram.bytes,
                source: NTPEndpoint(address: packet.senderAddress, port: packet.sender.port),
                socket: socket, destination: packet.datagram.destination.address
            )
            delivered.append((host, datagram))
            hosts[host].core.receive(datagram)
        }
    }

    private func isBroadcast(_ destination: NTPEndpoint) -> Bool {
        hosts.contains { $0.network.broadcastAddresses.contains(destination.address) }
            || (destination.address.bytes.last == 255 && destination.address.isIPv4)
    }

    /// Every socket bound to a broadcast address or group (one copy each).
    private func receivers(_ destination: NTPEndpoint) -> [(Int, SocketBinding)] {
        hosts.enumerated().flatMap { index, host in
            host.core.sockets.keys.filter { $0.address == destination.address && $0.port == destination.port }.map { (index, $0) }
        }
    }

    /// The host and socket a datagram to `destination` reaches: an exact
    /// binding first, then a wildcard on a host that has the address.
    private func route(_ destination: NTPEndpoint) -> (Int, SocketBinding)? {
        for (index, host) in hosts.enumerated() {
            for binding in host.core.sockets.keys where binding.port == destination.port && binding.address == destination.address {
                return (index, binding)
            }
        }
        for (index, host) in hosts.enumerated() where host.network.hostAddresses.contains(destination.address) {
            for binding in host.core.sockets.keys where binding.port == destination.port && binding.address.isWildcard
                && binding.address.isIPv4 == destination.address.isIPv4 {
                return (index, binding)
            }
        }
        return nil
    }
}
