import Glibc
public import NTPCore
internal import CNetShims

/// Batched socket I/O for the engine thread: `recvmmsg` into one
/// preallocated array of C datagrams and `sendmmsg` from one preallocated
/// arena, so the hot path allocates only the packet bytes.
final class DatagramBatcher {
    static let batchSize = 32
    private let receiving: UnsafeMutablePointer<mn_datagram>
    private let arena: UnsafeMutablePointer<UInt8>
    private var outgoing: [mn_outgoing]

    init() {
        receiving = .allocate(capacity: Self.batchSize)
        receiving.initialize(repeating: mn_datagram(), count: Self.batchSize)
        arena = .allocate(capacity: Self.batchSize * Int(MN_DATAGRAM_CAPACITY))
        outgoing = Array(repeating: mn_outgoing(), count: Self.batchSize)
    }

    deinit {
        receiving.deinitialize(count: Self.batchSize)
        receiving.deallocate()
        arena.deallocate()
    }

    /// Reads what is waiting on `socket` (one batch) and passes each
    /// datagram on. Returns how many were read.
    func receive(from socket: UDPSocket, into body: (IncomingDatagram) -> Void) -> Int {
        let count = mn_receive_batch(socket.descriptor, socket.localPort, receiving, UInt32(Self.batchSize))
        guard count > 0 else { return 0 }
        for index in 0..<Int(count) {
            // Read fields through the pointer: copying an mn_datagram moves 2 KiB.
            let datagram = receiving + index
            guard let source = datagram.pointee.peer.endpoint else { continue }
            let truncated = datagram.pointee.truncated != 0
            let length = min(Int(datagram.pointee.length), Int(MN_DATAGRAM_CAPACITY))
            var bytes = UnsafeRawPointer(datagram).withMemoryRebound(to: UInt8.self, capacity: length) {
                Array(UnsafeBufferPointer(start: $0, count: length))
            }
            if truncated { bytes.append(0) }  // longer than any packet: parsed as oversized
            let kernel = datagram.pointee.has_timestamp != 0
                ? NTPInstant(unixSeconds: datagram.pointee.rx_seconds,
                             nanoseconds: UInt32(clamping: datagram.pointee.rx_nanoseconds)).timestamp
                : nil
            body(IncomingDatagram(
                bytes: bytes, source: source, socket: socket.binding,
                destination: datagram.pointee.local.ipAddress, kernelTimestamp: kernel
            ))
        }
        return Int(count)
    }

    /// Sends `datagrams` (all for `socket`) in batches. Returns how many
    /// the kernel refused.
    func send(_ datagrams: ArraySlice<OutgoingDatagram>, on socket: UDPSocket) -> Int {
        var failures = 0
        var start = datagrams.startIndex
        while start < datagrams.endIndex {
            let end = min(start + Self.batchSize, datagrams.endIndex)
            var count = 0
            for datagram in datagrams[start..<end] where datagram.bytes.count <= Int(MN_DATAGRAM_CAPACITY) {
                let slot = arena + count * Int(MN_DATAGRAM_CAPACITY)
                datagram.bytes.withUnsafeBufferPointer { slot.update(from: $0.baseAddress!, count: $0.count) }
                outgoing[count].data = UnsafePointer(slot)
                outgoing[count].length = UInt32(datagram.bytes.count)
                outgoing[count].peer = mn_address(datagram.destination.address, port: datagram.destination.port)
                outgoing[count].source = datagram.sourceAddress.map { mn_address($0, port: 0) } ?? mn_address()
                count += 1
            }
            var sent = 0
            while sent < count {
                let result = outgoing.withUnsafeBufferPointer {
                    mn_send_batch(socket.descriptor, $0.baseAddress! + sent, UInt32(count - sent))
                }
                if result <= 0 { failures += count - sent; break }
                sent += Int(result)
            }
            failures += (end - start) - count
            start = end
        }
        return failures
    }
}
