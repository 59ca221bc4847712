import Glibc
import NTPCore
import OperatorCLI

/// One NTP client-mode (mode 3) query to an IPv4 address, for `display ntp-service trace`:
/// the reply's stratum, root delay and dispersion and reference, and the offset computed from
/// the four timestamps against this host's clock. Unauthenticated; nil when nothing valid
/// answers within `timeout` seconds.
enum NTPQuery {
    static func query(_ address: String, port: Int, timeout: Double = 2.0) -> NTPTrace.Hop? {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, address, &target.sin_addr) == 1 else { return nil }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let t1 = now()
        let request = NTPPacket(mode: .client, transmitTimestamp: t1).serialize()
        guard send(fd, request, request.count, 0) == request.count else { return nil }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var buffer = [UInt8](repeating: 0, count: NTPPacket.maximumLength)
        let deadline = now().rawValue &+ UInt64(timeout * 4_294_967_296)
        while true {
            let remaining = Int64(bitPattern: deadline &- now().rawValue)
            guard remaining > 0 else { return nil }
            guard poll(&poller, 1, Int32(Double(remaining) / 4_294_967.296)) > 0 else { return nil }
            let count = recv(fd, &buffer, buffer.count, 0)
            let t4 = now()
            guard count > 0 else { return nil }
            // A reply to another request (or garbage) is skipped; only ours counts.
            guard let reply = parse(Array(buffer.prefix(count))), reply.mode == .server, reply.originTimestamp == t1 else { continue }
            let offset = ((reply.receiveTimestamp - t1).seconds + (reply.transmitTimestamp - t4).seconds) / 2
            return NTPTrace.Hop(server: address, stratum: Int(reply.stratum), offset: offset, rootDelay: reply.rootDelay.seconds,
                                rootDispersion: reply.rootDispersion.seconds, referenceID: referenceText(reply))
        }
    }

    private static func parse(_ bytes: [UInt8]) -> NTPPacket? {
        do {
            return try NTPPacket.parse(bytes)
        } catch {
            return nil
        }
    }

    /// The ASCII code for stratum 0-1, and for a higher stratum whose reference is four
    /// capital letters (a local clock served above stratum 1, as refclock-master does:
    /// `LOCL`); dotted IPv4 otherwise.
    private static func referenceText(_ packet: NTPPacket) -> String {
        if let text = packet.referenceID.asciiText,
           packet.stratum <= 1 || (text.count == 4 && text.allSatisfy { $0.isASCII && $0.isUppercase }) {
            return text
        }
        return packet.referenceID.octets.map(String.init).joined(separator: ".")
    }

    /// This host's clock as an NTP timestamp (era 0).
    private static func now() -> NTPTimestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let seconds = UInt32(truncatingIfNeeded: Int(time.tv_sec) + 2_208_988_800)
        let fraction = UInt32(truncatingIfNeeded: (UInt64(time.tv_nsec) << 32) / 1_000_000_000)
        return NTPTimestamp(seconds: seconds, fraction: fraction)
    }
}
