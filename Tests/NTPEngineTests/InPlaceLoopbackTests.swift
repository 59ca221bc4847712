import Glibc
import Testing
@testable import NTPCore
@testable import NTPEngine

/// The in-place path on real loopback sockets (recvmmsg, the reply arena,
/// sendmmsg): plain requests are answered and stamped, hostile and
/// truncated datagrams are dropped and counted. Bounded waits only.
@Suite struct InPlaceLoopbackTests {
    /// A free UDP port on 127.0.0.1 (bound, read, released).
    static func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Sends each datagram to 127.0.0.1:`port` and collects replies until
    /// `expected` arrived or 2 s passed.
    static func exchange(_ datagrams: [[UInt8]], port: UInt16, expected: Int) -> [[UInt8]] {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        for datagram in datagrams {
            _ = datagram.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        }
        var replies: [[UInt8]] = []
        for _ in 0..<20 where replies.count < expected {
            var buffer = [UInt8](repeating: 0, count: 2048)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { replies.append(Array(buffer.prefix(count))) }
        }
        return replies
    }

    @Test func plainRequestsAreAnsweredInPlaceAndHostileOnesDropped() async throws {
        let port = Self.freePort()
        let engine = try NTPEngine()
        try await engine.configure(EngineConfiguration(
            port: port, listenAddresses: [IPAddress("127.0.0.1")!], refclockMasterStratum: 4, rateLimit: nil
        ))
        let plain = (0..<5).map { NTPPacket(version: 4, mode: .client, poll: 3, transmitTimestamp: NTPTimestamp(rawValue: 0x1000 + UInt64($0))).serialize() }
        var truncated = plain[0]
        truncated.removeLast()
        var wrongVersion = plain[0]
        wrongVersion[0] = 0 << 3 | 3
        let hostile = [truncated, wrongVersion, [], [UInt8](repeating: 0xFF, count: 48)]
        let before = await engine.snapshot().counters
        let replies = Self.exchange(hostile + plain, port: port, expected: plain.count)
        #expect(replies.count == plain.count)
        for reply in replies {
            let packet = try NTPPacket.parse(reply)
            #expect(packet.mode == .server && packet.stratum == 4 && packet.poll == 3)
            #expect((0x1000..<0x1005).contains(packet.originTimestamp.rawValue))
            #expect(!packet.transmitTimestamp.isZero)
            #expect((packet.transmitTimestamp - packet.receiveTimestamp).seconds >= 0)
        }
        let after = await engine.snapshot().counters
        #expect(after.requestsServed - before.requestsServed == plain.count)
        #expect(after.packetsReceived - before.packetsReceived == plain.count + hostile.count)
        #expect(after.badPackets - before.badPackets == hostile.count)
        #expect(after.packetsSent - before.packetsSent == plain.count)
        await engine.shutdown()
    }
}
