import Glibc

/// An IPv4 or IPv6 address as a value, parsed and printed with the C
/// library's `inet_pton`/`inet_ntop` so every textual form they accept works.
public enum IPAddress: Hashable, Sendable {
    /// Host-order IPv4 address.
    case v4(UInt32)
    /// Network-order bytes of an IPv6 address, as two big-endian halves.
    case v6(high: UInt64, low: UInt64)

    public static let anyIPv4 = IPAddress.v4(0)
    public static let anyIPv6 = IPAddress.v6(high: 0, low: 0)

    /// Parses a numeric IPv4 or IPv6 address; `nil` for anything else
    /// (including host names).
    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(UInt32(bigEndian: v4.s_addr))
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        self.init(ipv6Bytes: withUnsafeBytes(of: &v6) { Array($0) })
    }

    /// Builds an address from 4 or 16 network-order bytes.
    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4: self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16: self.init(ipv6Bytes: bytes)
        default: return nil
        }
    }

    private init(ipv6Bytes bytes: [UInt8]) {
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        self = .v6(high: high, low: low)
    }

    public var isIPv4: Bool { if case .v4 = self { true } else { false } }

    /// The wildcard address of this address's family.
    public var wildcard: IPAddress { isIPv4 ? .anyIPv4 : .anyIPv6 }
    public var isWildcard: Bool { self == wildcard }

    /// Network-order bytes (4 or 16).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value):
            return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> UInt32($0)) }
        case .v6(let high, let low):
            let shifts: [UInt64] = [56, 48, 40, 32, 24, 16, 8, 0]
            return shifts.map { UInt8(truncatingIfNeeded: high >> $0) } + shifts.map { UInt8(truncatingIfNeeded: low >> $0) }
        }
    }

    /// Whether this is a loopback address (127.0.0.0/8 or ::1).
    public var isLoopback: Bool {
        switch self {
        case .v4(let value): value >> 24 == 127
        case .v6(let high, let low): high == 0 && low == 1
        }
    }
}

extension IPAddress: CustomStringConvertible {
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var raw = bytes
        let family = isIPv4 ? AF_INET : AF_INET6
        let ok = raw.withUnsafeMutableBytes { source in
            inet_ntop(family, source.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension IPAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
