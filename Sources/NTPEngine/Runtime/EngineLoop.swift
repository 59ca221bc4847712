import Glibc
import OSThreads
import Logging
import Synchronization
import NTPCore
internal import CNetShims

/// The engine thread: owns the ``EngineCore`` and its sockets, waits in
/// `ppoll` for datagrams, timers or commands, and does nothing else, so the
/// server's reply path is receive → answer → send with no hop between
/// threads. Commands from other threads are closures queued under a mutex
/// and announced on an eventfd.
final class EngineLoop: @unchecked Sendable {
    // Touched only on the engine thread (after start).
    private let core: EngineCore
    private let batcher = DatagramBatcher()
    private var socketsGeneration = -1
    private var polled: [UDPSocket] = []
    private var pollDescriptors: [pollfd] = []
    private let factory = UDPSocketFactory()
    private var sending: [OutgoingDatagram] = []
    private let logger: Logger
    private let eventHandler: EngineEventHandler?

    // Shared.
    private let commands = Mutex<[@Sendable (EngineLoop) -> Void]>([])
    private let wakeDescriptor: Int32
    private let running = Atomic<Bool>(true)
    private let resolver: HostResolver

    init(core: EngineCore, logger: Logger, eventHandler: EngineEventHandler?) {
        self.core = core
        self.logger = logger
        self.eventHandler = eventHandler
        self.wakeDescriptor = mn_eventfd()
        self.resolver = HostResolver()
    }

    deinit {
        if wakeDescriptor >= 0 { _ = Glibc.close(wakeDescriptor) }
    }

    /// Starts the engine thread; throws when it cannot (no eventfd to wake it, no thread).
    func start() throws(EngineError) {
        guard wakeDescriptor >= 0 else {
            throw .cannotStart("cannot create the engine's wake-up eventfd: \(String(cString: strerror(-wakeDescriptor)))")
        }
        guard OSThread.detach(name: "ntp-engine", { [self] in self.run() }) else {
            throw .cannotStart("cannot start the engine thread")
        }
    }

    /// Runs `body` on the engine thread with the core.
    func submit(_ body: @escaping @Sendable (EngineLoop) -> Void) {
        commands.withLock { $0.append(body) }
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, 8)
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        var one: UInt64 = 1
        _ = Glibc.write(wakeDescriptor, &one, 8)
    }

    /// The core, for commands (engine thread only).
    var engineCore: EngineCore { core }
    var socketFactory: UDPSocketFactory { factory }
    var log: Logger { logger }

    private func run() {
        while running.load(ordering: .relaxed) {
            runCommands()
            refreshPollSet()
            waitForEvents()
            drainWake()
            for (index, socket) in polled.enumerated() where pollDescriptors[index + 1].revents & Int16(POLLIN) != 0 {
                receiveAll(from: socket)
            }
            // A transmit timestamp that came after its send was read: drop it, or ppoll
            // would report the socket at once forever.
            for (index, socket) in polled.enumerated() where pollDescriptors[index + 1].revents & Int16(POLLERR) != 0 {
                _ = mn_drain_transmit_stamps(socket.descriptor, nil)
            }
            core.fireDueTimers()
            flush()
            deliverEvents()
            startResolutions()
        }
        runCommands()
        core.stopAll()
    }

    private func runCommands() {
        let queued = commands.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
        for command in queued { command(self) }
        if !queued.isEmpty {
            flush()
            deliverEvents()  // an apply's events go out now, not after the next wait
        }
    }

    private func refreshPollSet() {
        guard socketsGeneration != core.socketsGeneration else { return }
        socketsGeneration = core.socketsGeneration
        polled = core.sockets.values.compactMap { $0 as? UDPSocket }.filter { $0.descriptor >= 0 }
        pollDescriptors = [pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
            + polled.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
    }

    private func waitForEvents() {
        var timeout: Int64 = 1_000_000_000
        if let deadline = core.nextDeadline() {
            let now = core.hostClock.read().monotonic
            timeout = min(max(deadline.nanoseconds - now.nanoseconds, 0), timeout)
        }
        for index in pollDescriptors.indices { pollDescriptors[index].revents = 0 }
        _ = mn_wait(&pollDescriptors, UInt32(pollDescriptors.count), timeout)
    }

    private func drainWake() {
        guard pollDescriptors.first.map({ $0.revents & Int16(POLLIN) != 0 }) == true else { return }
        var value: UInt64 = 0
        _ = Glibc.read(wakeDescriptor, &value, 8)
    }

    /// Reads and answers until the socket is empty (bounded, so timers and
    /// other sockets are not starved).
    private func receiveAll(from socket: UDPSocket) {
        for _ in 0..<16 {
            let count = batcher.receive(from: socket, core: core)
            batcher.sendReplies(on: socket, core: core)
            flush()
            if count < DatagramBatcher.batchSize { return }
        }
    }

    /// Sends everything the core queued, grouped by socket.
    func flush() {
        guard !core.outbox.isEmpty else { return }
        // Swap buffers: copying the outbox and emptying it would reallocate.
        swap(&sending, &core.outbox)
        defer { sending.removeAll(keepingCapacity: true) }
        var start = sending.startIndex
        while start < sending.endIndex {
            let binding = sending[start].socket
            var end = start + 1
            while end < sending.endIndex, sending[end].socket == binding { end += 1 }
            if let socket = core.sockets[binding] as? UDPSocket {
                for index in start..<end {
                    guard let id = sending[index].restampFor, sending[index].bytes.count >= 48 else { continue }
                    if let stamp = batcher.sendStamped(&sending[index], on: socket, correction: core.currentCorrection()) {
                        core.transmitted(stamp.transmit, departure: stamp.departure, for: id)
                    } else {
                        core.counters.sendFailures += 1
                    }
                }
                core.counters.sendFailures += batcher.send(sending[start..<end], on: socket)
            } else {
                core.counters.sendFailures += end - start
            }
            start = end
        }
    }

    /// Logs what the core reported since the last call and hands each event
    /// to the handler, in the order the core emitted them.
    private func deliverEvents() {
        guard !core.events.isEmpty else { return }
        let events = core.events
        core.events.removeAll(keepingCapacity: true)
        for event in events {
            EngineEventLog.log(event.event, to: logger)
            eventHandler?(event)
        }
    }

    private func startResolutions() {
        guard !core.pendingResolutions.isEmpty else { return }
        let hosts = core.pendingResolutions
        core.pendingResolutions.removeAll()
        for host in hosts {
            resolver.resolve(host) { [self] result in
                self.submit { loop in
                    switch result {
                    case .success(let addresses):
                        loop.engineCore.resolved(host: host, addresses: addresses)
                    case .failure(let failure):
                        loop.engineCore.resolutionFailed(host: host, reason: failure.message)
                        let retry = loop.engineCore.resolutionFailures[host]
                        loop.log.warning("cannot resolve NTP host", metadata: [
                            "host": "\(host)", "error": "\(failure.message)",
                            "attempts": "\(retry?.attempts ?? 0)",
                        ])
                    }
                }
            }
        }
    }
}
