import Glibc
import NTPCore
internal import CNetShims

/// Batched socket I/O for the engine thread: `recvmmsg` into one
/// preallocated array of C datagrams and `sendmmsg` from preallocated
/// arenas. Plain client requests are answered in place: the reply is
/// written straight into the reply arena (``InPlaceResponder``) and sent
/// with one `sendmmsg` per batch, stamped just before it; only other
/// datagrams become ``IncomingDatagram`` values with their own bytes.
final class DatagramBatcher {
    static let batchSize = 64
    private let receiving: UnsafeMutablePointer<mn_datagram>
    private let arena: UnsafeMutablePointer<UInt8>
    private var outgoing: [mn_outgoing]
    // In-place replies of the current batch.
    private let replyArena: UnsafeMutableRawPointer
    private let replies: UnsafeMutablePointer<mn_outgoing>
    private let replyStamped: UnsafeMutablePointer<Bool>
    private var replyCount = 0

    init() {
        receiving = .allocate(capacity: Self.batchSize)
        receiving.initialize(repeating: mn_datagram(), count: Self.batchSize)
        arena = .allocate(capacity: Self.batchSize * Int(MN_DATAGRAM_CAPACITY))
        outgoing = Array(repeating: mn_outgoing(), count: Self.batchSize)
        replyArena = .allocate(byteCount: Self.batchSize * InPlaceResponder.length, alignment: 8)
        replies = .allocate(capacity: Self.batchSize)
        replies.initialize(repeating: mn_outgoing(), count: Self.batchSize)
        replyStamped = .allocate(capacity: Self.batchSize)
        replyStamped.initialize(repeating: false, count: Self.batchSize)
        for index in 0..<Self.batchSize {
            replies[index].data = UnsafePointer(replySlot(index).assumingMemoryBound(to: UInt8.self))
            replies[index].length = UInt32(InPlaceResponder.length)
        }
    }

    deinit {
        receiving.deinitialize(count: Self.batchSize)
        receiving.deallocate()
        arena.deallocate()
        replyArena.deallocate()
        replies.deinitialize(count: Self.batchSize)
        replies.deallocate()
        replyStamped.deinitialize(count: Self.batchSize)
        replyStamped.deallocate()
    }

    private func replySlot(_ index: Int) -> UnsafeMutableRawPointer {
        replyArena + index * InPlaceResponder.length
    }

    /// Reads what is waiting on `socket` (one batch): plain client requests
    /// are answered in place (send them with ``sendReplies(on:core:)``),
    /// every other datagram goes to `core.receive`. Returns how many were
    /// read.
    func receive(from socket: UDPSocket, core: EngineCore) -> Int {
        let count = mn_receive_batch(socket.descriptor, socket.localPort, receiving, UInt32(Self.batchSize))
        guard count > 0 else { return 0 }
        var batch: InPlaceBatch?
        var batchStarted = false
        for index in 0..<Int(count) {
            // Read fields through the pointer: copying an mn_datagram moves 2 KiB.
            let datagram = receiving + index
            let truncated = datagram.pointee.truncated != 0
            let length = min(Int(datagram.pointee.length), Int(MN_DATAGRAM_CAPACITY))
            let kernel = datagram.pointee.has_timestamp != 0
                ? NTPInstant(unixSeconds: datagram.pointee.rx_seconds,
                             nanoseconds: UInt32(clamping: datagram.pointee.rx_nanoseconds)).timestamp
                : nil
            // A source no reply can go to takes the general path, which drops and counts it.
            if !truncated, replyCount < Self.batchSize, datagram.pointee.peer.acceptsReplies,
               InPlaceResponder.isPlainClientRequest(UnsafeRawBufferPointer(start: datagram, count: length)) {
                if !batchStarted {
                    batch = core.beginInPlaceBatch(on: socket.binding)
                    batchStarted = true
                }
                if let batch {
                    let slot = UnsafeMutableRawBufferPointer(start: replySlot(replyCount), count: InPlaceResponder.length)
                    let outcome = core.answerInPlace(
                        UnsafeRawBufferPointer(start: datagram, count: length),
                        from: batch.needsAddress ? datagram.pointee.peer.ipAddress : nil,
                        kernelTimestamp: kernel, batch: batch, into: slot
                    )
                    if outcome != .dropped {
                        replies[replyCount].peer = datagram.pointee.peer
                        replies[replyCount].source = batch.wildcard ? datagram.pointee.local : mn_address()
                        replyStamped[replyCount] = outcome == .reply
                        replyCount += 1
                    }
                    continue
                }
            }
            guard let source = datagram.pointee.peer.endpoint else { continue }
            var bytes = UnsafeRawPointer(datagram).withMemoryRebound(to: UInt8.self, capacity: length) {
                Array(UnsafeBufferPointer(start: $0, count: length))
            }
            if truncated { bytes.append(0) }  // longer than any packet: parsed as oversized
            core.receive(IncomingDatagram(
                bytes: bytes, source: source, socket: socket.binding,
                destination: datagram.pointee.local.ipAddress, kernelTimestamp: kernel
            ))
        }
        return Int(count)
    }

    /// Sends the replies written in place since the last call, their
    /// transmit timestamps set to one reading taken just before `sendmmsg`.
    func sendReplies(on socket: UDPSocket, core: EngineCore) {
        guard replyCount > 0 else { return }
        let count = replyCount
        replyCount = 0
        let stamp = core.transmitTimestamp()
        for index in 0..<count where replyStamped[index] {
            InPlaceResponder.stampTransmit(stamp, into: UnsafeMutableRawBufferPointer(start: replySlot(index), count: InPlaceResponder.length))
        }
        core.counters.sendFailures += sendAll(replies, count: count, on: socket)
    }

    /// Hands `count` prepared datagrams to the kernel, `sendmmsg` after `sendmmsg`; returns
    /// how many were not sent. `sendmmsg` stops at the first datagram the kernel refuses
    /// (an address it will not send to): that one is skipped and the rest still go. A full
    /// socket buffer refuses all that remain.
    private func sendAll(_ datagrams: UnsafePointer<mn_outgoing>, count: Int, on socket: UDPSocket) -> Int {
        var done = 0
        var failed = 0
        while done < count {
            let result = Int(mn_send_batch(socket.descriptor, datagrams + done, UInt32(count - done)))
            if result > 0 {
                done += result
            } else if result == -Int(EAGAIN) || result == -Int(EWOULDBLOCK) || result == -Int(ENOBUFS) {
                return failed + count - done
            } else {
                failed += 1
                done += 1
            }
        }
        return failed
    }

    /// Sends one association packet on its own, its transmit timestamp
    /// written in C just before the syscall (host time plus `correction`).
    /// Returns the timestamp written and, when the kernel stamped the packet
    /// leaving (SO_TIMESTAMPING), that time; `nil` when the kernel refused it.
    func sendStamped(
        _ datagram: inout OutgoingDatagram, on socket: UDPSocket, correction: Double
    ) -> (transmit: NTPTimestamp, departure: NTPTimestamp?)? {
        var peer = mn_address(datagram.destination.address, port: datagram.destination.port)
        var stamped: UInt64 = 0
        var departed: UInt64 = 0
        let result = datagram.bytes.withUnsafeMutableBufferPointer {
            mn_send_stamped(socket.descriptor, $0.baseAddress, UInt32($0.count), &peer, correction, &stamped, &departed)
        }
        guard result == 0 else { return nil }
        return (NTPTimestamp(rawValue: stamped), departed == 0 ? nil : NTPTimestamp(rawValue: departed))
    }

    /// Sends `datagrams` (all for `socket`) in batches, except those sent
    /// with ``sendStamped(_:on:correction:)``. Returns how many
    /// the kernel refused.
    func send(_ datagrams: ArraySlice<OutgoingDatagram>, on socket: UDPSocket) -> Int {
        var failures = 0
        var start = datagrams.startIndex
        while start < datagrams.endIndex {
            let end = min(start + Self.batchSize, datagrams.endIndex)
            var count = 0
            for datagram in datagrams[start..<end] where datagram.bytes.count <= Int(MN_DATAGRAM_CAPACITY) && datagram.restampFor == nil {
                let slot = arena + count * Int(MN_DATAGRAM_CAPACITY)
                datagram.bytes.withUnsafeBufferPointer { slot.update(from: $0.baseAddress!, count: $0.count) }
                outgoing[count].data = UnsafePointer(slot)
                outgoing[count].length = UInt32(datagram.bytes.count)
                outgoing[count].peer = mn_address(datagram.destination.address, port: datagram.destination.port)
                outgoing[count].source = datagram.sourceAddress.map { mn_address($0, port: 0) } ?? mn_address()
                count += 1
            }
            failures += outgoing.withUnsafeBufferPointer { sendAll($0.baseAddress!, count: count, on: socket) }
            failures += datagrams[start..<end].lazy.filter { $0.bytes.count > Int(MN_DATAGRAM_CAPACITY) && $0.restampFor == nil }.count
            start = end
        }
        return failures
    }
}
