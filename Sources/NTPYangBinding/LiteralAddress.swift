import Glibc

/// Classifies literal IP addresses for the NTP rules (no name resolution).
enum LiteralAddress: Equatable, Sendable {
    case v4([UInt8])
    case v6([UInt8])

    init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self = .v4(withUnsafeBytes(of: v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        // Accept a zone suffix ("fe80::1%eth0") by ignoring it for classification.
        let bare = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text
        if inet_pton(AF_INET6, bare, &v6) == 1 {
            self = .v6(withUnsafeBytes(of: v6) { Array($0) })
            return
        }
        return nil
    }

    var isIPv4: Bool { if case .v4 = self { true } else { false } }

    var isUnspecified: Bool {
        switch self {
        case .v4(let b), .v6(let b): b.allSatisfy { $0 == 0 }
        }
    }

    var isMulticast: Bool {
        switch self {
        case .v4(let b): b[0] >= 224 && b[0] <= 239
        case .v6(let b): b[0] == 0xff
        }
    }

    var isLimitedBroadcast: Bool {
        if case .v4(let b) = self { b.allSatisfy { $0 == 255 } } else { false }
    }

    /// 127.127.x.x: the pseudo addresses ntpd uses for reference clocks.
    var isReferenceClockPseudoAddress: Bool {
        if case .v4(let b) = self { b[0] == 127 && b[1] == 127 } else { false }
    }
}
