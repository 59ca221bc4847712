/// An address prefix such as `127.0.0.0/8` or `2001:db8::/32`, for access
/// rules.
public struct IPPrefix: Hashable, Sendable {
    public var address: IPAddress
    public var length: Int

    public init(address: IPAddress, length: Int) {
        self.address = address
        self.length = max(0, min(length, address.isIPv4 ? 32 : 128))
    }

    /// Parses `address/length`, or a bare address as a host prefix.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = IPAddress(parts[0]) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maximum).contains(parsed) else { return nil }
            length = parsed
        }
        self.init(address: address, length: length)
    }

    /// Whether `candidate` lies inside this prefix (families must match).
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4(let network), .v4(let value)):
            guard length > 0 else { return true }
            let mask = UInt32.max << UInt32(32 - length)
            return network & mask == value & mask
        case (.v6(let networkHigh, let networkLow), .v6(let high, let low)):
            return Self.matches(networkHigh, high, bits: min(length, 64))
                && Self.matches(networkLow, low, bits: max(length - 64, 0))
        default:
            return false
        }
    }

    private static func matches(_ lhs: UInt64, _ rhs: UInt64, bits: Int) -> Bool {
        guard bits > 0 else { return true }
        let mask = UInt64.max << UInt64(64 - bits)
        return lhs & mask == rhs & mask
    }
}

extension IPPrefix: CustomStringConvertible {
    public var description: String { "\(address)/\(length)" }
}
