internal import CSystemShims

/// Linux capabilities, as the bit masks `/proc/PID/status` shows (CapEff, CapPrm, CapBnd).
struct CapabilitySet: OptionSet, CustomStringConvertible {
    let rawValue: UInt64

    /// Binding ports below 1024: NETCONF on 830 and NTP on 123, on any commit.
    static let netBindService = CapabilitySet(rawValue: 1 << 10)
    /// clock_adjtime(2) on CLOCK_REALTIME (`--clock system`).
    static let sysTime = CapabilitySet(rawValue: 1 << 25)

    static let names: [(CapabilitySet, String)] = [(.netBindService, "CAP_NET_BIND_SERVICE"), (.sysTime, "CAP_SYS_TIME")]

    /// What `run` keeps after giving up root.
    static func needed(systemClock: Bool) -> CapabilitySet {
        systemClock ? [.netBindService, .sysTime] : [.netBindService]
    }

    /// The calling thread's permitted set (empty when it cannot be read).
    static func permitted() -> CapabilitySet {
        var permitted: UInt64 = 0
        var effective: UInt64 = 0
        return meridian_capabilities(&permitted, &effective) == 0 ? CapabilitySet(rawValue: permitted) : []
    }

    var description: String {
        let known = Self.names.filter { contains($0.0) }.map(\.1)
        let rest = subtracting(Self.names.reduce(into: CapabilitySet()) { $0.formUnion($1.0) })
        let all = known + (rest.isEmpty ? [] : ["0x" + String(rest.rawValue, radix: 16)])
        return all.isEmpty ? "none" : all.joined(separator: " ")
    }
}
