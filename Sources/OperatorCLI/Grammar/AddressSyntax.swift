/// Syntax checks for addresses, prefixes and masks as the commands write them. Only the
/// form is checked here; what an address may be (not multicast, not one of this device's)
/// is the agent's rule, reported as a NETCONF error.
public enum AddressSyntax {
    public static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && (Int(part) ?? 256) <= 255
        }
    }

    public static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.count <= 45 else { return false }
        let allowed = text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        guard allowed else { return false }
        let doubleColons = zip(text, text.dropFirst()).filter { $0 == ":" && $1 == ":" }.count
        guard doubleColons <= 1 else { return false }
        let groups = text.split(separator: ":", omittingEmptySubsequences: true)
        guard groups.allSatisfy({ $0.count <= 4 || isIPv4(String($0)) }) else { return false }
        return doubleColons == 1 ? groups.count < 8 : groups.count == 8
    }

    public static func isDomainName(_ text: String) -> Bool {
        guard !text.isEmpty, text.count <= 253, text.first != "-", text.first != "." else { return false }
        guard text.contains(where: \.isLetter) else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }

    public static func isPrefix(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]) else { return false }
        let address = String(parts[0])
        if isIPv4(address) { return (0...32).contains(length) }
        return isIPv6(address) && (0...128).contains(length)
    }

    /// The prefix length of a dotted mask (`255.255.255.0` is 24) or of a length (`24`);
    /// nil for a mask that is not contiguous.
    public static func prefixLength(ofMask mask: String) -> Int? {
        if let length = Int(mask) { return (0...32).contains(length) ? length : nil }
        guard isIPv4(mask) else { return nil }
        let value = mask.split(separator: ".").reduce(UInt32(0)) { ($0 << 8) | UInt32($1)! }
        let length = value.leadingNonzeroBitCount
        return value == (length == 0 ? 0 : ~UInt32(0) << (32 - length)) ? length : nil
    }

    /// The dotted mask of a prefix length (24 is `255.255.255.0`).
    public static func dottedMask(prefixLength: Int) -> String {
        let value: UInt32 = prefixLength == 0 ? 0 : ~UInt32(0) << (32 - min(prefixLength, 32))
        return (0..<4).map { String((value >> (24 - 8 * UInt32($0))) & 0xff) }.joined(separator: ".")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension UInt32 {
    /// Leading one bits.
    fileprivate var leadingNonzeroBitCount: Int { (~self).leadingZeroBitCount }
}
