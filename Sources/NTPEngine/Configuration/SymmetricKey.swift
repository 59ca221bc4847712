/// A MAC algorithm for NTP symmetric-key authentication.
public enum MACAlgorithm: String, Hashable, Sendable, Codable, CaseIterable {
    /// MD5(key ‖ message), 16 bytes (RFC 5905, legacy).
    case md5
    /// SHA-1(key ‖ message), 20 bytes (legacy, as ntpd and chrony).
    case sha1
    /// AES-128-CMAC(key, message), 16 bytes (RFC 8573); the key is 16 bytes.
    case aesCMAC = "aes-cmac"

    /// Digest length on the wire.
    public var digestLength: Int {
        switch self {
        case .md5, .aesCMAC: 16
        case .sha1: 20
        }
    }
}

/// One symmetric key. Only trusted keys authenticate a packet.
public struct SymmetricKey: Hashable, Sendable {
    public var id: UInt32
    public var algorithm: MACAlgorithm
    public var secret: [UInt8]
    public var trusted: Bool

    public init(id: UInt32, algorithm: MACAlgorithm, secret: [UInt8], trusted: Bool = true) {
        self.id = id
        self.algorithm = algorithm
        self.secret = secret
        self.trusted = trusted
    }
}

extension SymmetricKey: CustomStringConvertible {
    /// Never prints the secret.
    public var description: String { "SymmetricKey(\(id), \(algorithm.rawValue), trusted: \(trusted))" }
}
