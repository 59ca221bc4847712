/// Classes of addresses the NTP rules and the engine tell apart.
extension IPAddress {
    /// 224.0.0.0/4 or ff00::/8.
    public var isMulticast: Bool {
        switch self {
        case .v4(let value): value >> 28 == 0xE
        case .v6(let high, _): high >> 56 == 0xFF
        }
    }

    /// The directed broadcast address of this IPv4 address's subnet, or
    /// `nil` for IPv6 and for prefixes that leave none (/31, /32).
    public func broadcastAddress(prefixLength: Int) -> IPAddress? {
        guard case .v4(let value) = self, (0...30).contains(prefixLength) else { return nil }
        let host: UInt32 = prefixLength == 0 ? .max : (UInt32.max >> UInt32(prefixLength))
        return .v4(value | host)
    }

    /// 255.255.255.255.
    public var isLimitedBroadcast: Bool { self == .v4(.max) }

    /// 127.127.x.x: the pseudo addresses ntpd uses for reference clocks.
    public var isReferenceClockPseudoAddress: Bool {
        if case .v4(let value) = self { value >> 16 == 0x7F7F } else { false }
    }
}

extension IPAddress {
    /// Parses a numeric address, ignoring an IPv6 zone suffix (`fe80::1%eth0`), for
    /// classifying what an operator wrote.
    public static func ignoringZone(_ text: String) -> IPAddress? {
        IPAddress(text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text)
    }
}
