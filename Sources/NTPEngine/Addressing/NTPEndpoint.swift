/// A UDP endpoint: address and port.
public struct NTPEndpoint: Hashable, Sendable {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// Whether a reply can go to this endpoint: a port other than 0 and a
    /// unicast address (not unspecified, multicast, broadcast or reserved).
    /// A request claiming any other source is forged or broken, and its
    /// reply would be refused by the kernel or go to a group.
    public var acceptsReplies: Bool {
        guard port != 0 else { return false }
        switch address {
        case .v4(let value): return value >> 24 != 0 && value >> 28 < 0xE
        case .v6(let high, let low): return high >> 56 != 0xFF && (high != 0 || low != 0)
        }
    }
}

extension NTPEndpoint: CustomStringConvertible {
    public var description: String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
