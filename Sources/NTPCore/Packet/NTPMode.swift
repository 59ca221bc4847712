/// The three-bit NTP mode field (RFC 5905 §7.3).
public enum NTPMode: UInt8, Hashable, Sendable, CaseIterable {
    case reserved = 0
    case symmetricActive = 1
    case symmetricPassive = 2
    case client = 3
    case server = 4
    case broadcast = 5
    /// NTP control messages (mode 6), which use their own layout.
    case control = 6
    /// Implementation-private messages (mode 7), which use their own layout.
    case privateUse = 7
}
