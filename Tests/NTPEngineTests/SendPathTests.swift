import Glibc
import Testing
import CNetShims
@testable import NTPCore
@testable import NTPEngine

/// The send path on real loopback sockets, and the status word a slew of
/// the host clock writes.
@Suite struct SendPathTests {
    /// A socket on 127.0.0.1 with a receive timeout, and its port.
    static func receiver() -> (fd: Int32, port: UInt16) {
        let port = InPlaceLoopbackTests.freePort()
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return (fd, port)
    }

    @Test func aDatagramTheKernelRefusesIsDroppedAloneAndTheRestOfTheBatchIsSent() throws {
        let loopback = IPAddress("127.0.0.1")!
        let binding = SocketBinding(address: loopback, port: 0)
        let socket = try #require(try UDPSocketFactory().bind(binding, options: SocketOptions()) as? UDPSocket)
        defer { socket.close() }
        let receivers = (0..<4).map { _ in Self.receiver() }
        defer { for receiver in receivers { close(receiver.fd) } }
        var datagrams: [OutgoingDatagram] = []
        for (index, receiver) in receivers.enumerated() {
            datagrams.append(OutgoingDatagram(bytes: [UInt8(index)], destination: NTPEndpoint(address: loopback, port: receiver.port), socket: binding))
            if index == 1 {  // port 0: sendmmsg stops here with EINVAL
                datagrams.append(OutgoingDatagram(bytes: [0xEE], destination: NTPEndpoint(address: loopback, port: 0), socket: binding))
            }
        }
        let failures = DatagramBatcher().send(datagrams[...], on: socket)
        #expect(failures == 1)
        for (index, receiver) in receivers.enumerated() {
            var buffer = [UInt8](repeating: 0, count: 16)
            let count = recv(receiver.fd, &buffer, buffer.count, 0)
            #expect(count == 1 && buffer[0] == UInt8(index), "receiver \(index) got its datagram")
        }
    }

    @Test func aSlewKeepsTheUnsynchronizedAndLeapFlags() {
        // Linux <sys/timex.h>: STA_PLL 0x1, STA_INS 0x10, STA_DEL 0x20, STA_UNSYNC 0x40, STA_NANO 0x2000.
        let pll: Int32 = 0x1, insert: Int32 = 0x10, delete: Int32 = 0x20, unsync: Int32 = 0x40, nano: Int32 = 0x2000
        #expect(mn_clock_slew_status(unsync | insert) == unsync | insert | pll | nano)
        #expect(mn_clock_slew_status(delete) & delete == delete)
        #expect(mn_clock_slew_status(0) == pll | nano)
    }
}
