import CNetShims
import Glibc
import Testing
@testable import NTPCore
@testable import NTPEngine

/// Association packets ask the kernel for a software transmit timestamp (SO_TIMESTAMPING
/// cmsg) and read it back from the error queue: on loopback it comes with the send.
@Suite struct TransmitTimestampTests {
    @Test func loopbackSendsComeBackWithTheKernelDepartureStamp() throws {
        let port = InPlaceLoopbackTests.freePort()
        let binding = SocketBinding(address: IPAddress("127.0.0.1")!, port: 0)
        let socket = try #require(try UDPSocketFactory().bind(binding, options: SocketOptions()) as? UDPSocket)
        defer { socket.close() }
        let batcher = DatagramBatcher()
        var request = OutgoingDatagram(
            bytes: NTPPacket(mode: .client, stratum: 0, precision: -20).serialize(),
            destination: NTPEndpoint(address: IPAddress("127.0.0.1")!, port: port), socket: binding)
        for _ in 0..<3 {
            let stamp = try #require(batcher.sendStamped(&request, on: socket, correction: 0))
            let departure = try #require(stamp.departure, "the kernel reports when the packet left")
            let lag = (departure - stamp.transmit).seconds
            #expect(lag >= 0 && lag < 0.01, "departure follows the stamp read before the send: \(lag) s")
            let written = request.bytes[40..<48].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(written == stamp.transmit.rawValue, "the packet carries the stamp read before the send")
        }
        #expect(mn_drain_transmit_stamps(socket.descriptor, nil) == 0, "nothing is left in the error queue")
    }
}
