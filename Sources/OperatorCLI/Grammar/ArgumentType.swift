/// What an argument position accepts, checked while parsing so that a bad value is reported
/// at its word (VRP's `^` marker) rather than later as a NETCONF error.
public enum ArgumentType: Sendable, Equatable {
    /// An integer in a closed range.
    case integer(ClosedRange<Int>)
    /// A dotted-quad IPv4 address.
    case ipv4
    /// An IPv4 or IPv6 address.
    case ipAddress
    /// An IPv4 address, IPv6 address or domain name.
    case host
    /// An IPv4 or IPv6 prefix (`10.0.0.0/8`, `2001:db8::/32`).
    case prefix
    /// A subnet mask, dotted (`255.255.255.0`) or as a length (`24`).
    case mask
    /// One word of printable characters, at most `maxLength` of them.
    case word(maxLength: Int)
    /// The rest of the line (`| include TEXT`).
    case text

    /// The placeholder shown in `?` help (VRP shows `INTEGER<1-15>`, `IP_ADDR<X.X.X.X>`, `STRING<1-255>`).
    public var placeholder: String {
        switch self {
        case .integer(let range): "INTEGER<\(range.lowerBound)-\(range.upperBound)>"
        case .ipv4: "IP_ADDR<X.X.X.X>"
        case .ipAddress: "IP_ADDR<X.X.X.X or X:X::X:X>"
        case .host: "STRING<1-255> (address or domain name)"
        case .prefix: "PREFIX<X.X.X.X/M or X:X::X:X/M>"
        case .mask: "MASK<X.X.X.X or 0-32>"
        case .word(let maxLength): "STRING<1-\(maxLength)>"
        case .text: "TEXT"
        }
    }

    /// Whether `word` is a value of this type.
    public func accepts(_ word: String) -> Bool {
        switch self {
        case .integer(let range):
            guard let value = Int(word) else { return false }
            return range.contains(value)
        case .ipv4: return AddressSyntax.isIPv4(word)
        case .ipAddress: return AddressSyntax.isIPv4(word) || AddressSyntax.isIPv6(word)
        case .host: return AddressSyntax.isIPv4(word) || AddressSyntax.isIPv6(word) || AddressSyntax.isDomainName(word)
        case .prefix: return AddressSyntax.isPrefix(word)
        case .mask: return AddressSyntax.prefixLength(ofMask: word) != nil
        case .word(let maxLength): return !word.isEmpty && word.count <= maxLength && word.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f }
        case .text: return !word.isEmpty
        }
    }
}
