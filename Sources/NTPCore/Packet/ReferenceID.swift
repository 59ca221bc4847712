/// The 32-bit reference identifier (RFC 5905 §7.3): a four-character ASCII
/// code for stratum 0 and 1, an IPv4 address (or a hash of an IPv6 address)
/// for higher strata.
public struct ReferenceID: Hashable, Sendable {
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static let zero = ReferenceID(rawValue: 0)

    /// Packs up to four ASCII characters, left-aligned and zero-padded.
    public init(ascii: String) {
        var value: UInt32 = 0
        var utf8 = ascii.utf8.makeIterator()
        for shift in stride(from: 24, through: 0, by: -8) {
            value |= UInt32(utf8.next() ?? 0) << UInt32(shift)
        }
        self.rawValue = value
    }

    /// An IPv4 address in network order, as its four octets.
    public init(ipv4 a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    public var octets: [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: rawValue >> UInt32($0)) }
    }

    /// The identifier read as ASCII, trailing zero bytes dropped; `nil` when
    /// any byte is not printable ASCII.
    public var asciiText: String? {
        var scalars: [UInt8] = octets
        while scalars.last == 0 { scalars.removeLast() }
        guard !scalars.isEmpty, scalars.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: scalars, as: UTF8.self)
    }
}

extension ReferenceID: CustomStringConvertible {
    public var description: String {
        if let text = asciiText { return text }
        return octets.map(String.init).joined(separator: ".")
    }
}
