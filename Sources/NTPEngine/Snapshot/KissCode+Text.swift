public import NTPCore

extension KissCode {
    /// The code as text when it is one to four capital letters or digits
    /// (RATE, DENY, RSTR, ...), otherwise its 32 bits in hex (`0x0000abcd`):
    /// a peer chooses it, so nothing else of it is shown.
    public var safeText: String {
        let octets = referenceID.octets.reversed().drop { $0 == 0 }.reversed()
        if !octets.isEmpty, octets.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) {
            return String(decoding: octets, as: UTF8.self)
        }
        let hex = String(referenceID.rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
