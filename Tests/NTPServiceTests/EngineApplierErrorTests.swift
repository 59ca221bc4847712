import Glibc
import NetconfModel
import NTPEngine
import NTPService
import NTPYangBinding
import Testing

/// What the engine's prepare refuses is reported at the node that asked for it.
@Suite struct EngineApplierErrorTests {
    static let far = IPAddress("192.0.2.77")!

    static func ntp(_ edit: (inout NTPConfiguration) -> Void) -> NTPConfiguration {
        var ntp = NTPConfiguration()
        ntp.enabled = true
        var interface = NTPConfiguration.Interface(name: "far")
        interface.ipv4 = ["192.0.2.77"]
        ntp.interfaces = [interface]
        edit(&ntp)
        return ntp
    }

    static let notOnHost = EngineError.bindFailed(SocketBinding(address: far, port: 123), errno: EADDRNOTAVAIL, reason: "Cannot assign requested address")

    @Test func anUnbindableSourceInterfaceIsReportedAtTheSourceInterface() {
        let error = EngineApplier.rpcError(for: Self.notOnHost, in: Self.ntp { $0.sourceInterface = "far" })
        #expect(error.appTag == "address-not-bindable" && error.type == .application && error.tag == .operationFailed)
        #expect(error.path == "/ietf-system:system/ntp/meridian-ntp:source-interface")
        #expect(error.message == "source-interface: address 192.0.2.77 of interface far cannot be bound on this host: Cannot assign requested address")
    }

    @Test func aServersOwnSourceInterfaceWinsOverTheGlobalOne() {
        let error = EngineApplier.rpcError(for: Self.notOnHost, in: Self.ntp {
            $0.sourceInterface = "far"
            var server = NTPConfiguration.Server(name: "lab", address: "192.0.2.1")
            server.sourceInterface = "far"
            $0.servers = [server]
        })
        #expect(error.path == "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:source-interface")
        #expect(error.message?.hasSuffix("(server lab)") == true)
    }

    @Test func anUnbindableListeningInterfaceIsReportedAtItsEntry() {
        let error = EngineApplier.rpcError(for: Self.notOnHost, in: Self.ntp { $0.listenInterfaces = ["far"] })
        #expect(error.path == "/ietf-system:system/ntp/meridian-ntp:listen-interface[.='far']")
    }

    @Test func aPortAnotherProcessHoldsIsReportedAtThePort() {
        let clash = EngineError.bindFailed(SocketBinding(address: .anyIPv4, port: 10123), errno: EADDRINUSE,
                                           reason: "UDP port 10123 is in use by another process (another NTP server?)")
        let error = EngineApplier.rpcError(for: clash, in: Self.ntp { _ in })
        #expect(error.path == "/ietf-system:system/ntp/meridian-ntp:port")
        #expect(error.message?.contains("UDP port 10123 is in use by another process") == true)
    }

    @Test func otherRefusalsAreReportedAtNTP() {
        let error = EngineApplier.rpcError(for: .invalidValue("multicast TTL 0"), in: Self.ntp { _ in })
        #expect(error.appTag == "engine-refused" && error.path == "/ietf-system:system/ntp")
    }
}
