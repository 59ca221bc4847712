/// The optional authenticator that ends a packet (RFC 5905 §7.3, RFC 8573):
/// a key identifier followed by a digest, or a crypto-NAK made of a key
/// identifier alone. NTPCore never computes digests; it exposes the fields
/// and the bytes they cover (``NTPPacket/authenticatedBytes()``).
public enum PacketAuthenticator: Hashable, Sendable {
    /// A four-byte trailer telling the client its MAC was not accepted.
    case cryptoNAK(keyID: UInt32)
    case mac(MessageAuthenticationCode)

    public var keyID: UInt32 {
        switch self {
        case .cryptoNAK(let keyID): keyID
        case .mac(let mac): mac.keyID
        }
    }

    /// The length on the wire.
    public var length: Int {
        switch self {
        case .cryptoNAK: 4
        case .mac(let mac): 4 + mac.digest.count
        }
    }
}

/// A key identifier and digest. The digest length tells the algorithm
/// family: 16 bytes for MD5 or AES-128-CMAC, 20 bytes for SHA-1; the key
/// identifier's configured type decides between MD5 and CMAC.
public struct MessageAuthenticationCode: Hashable, Sendable {
    public var keyID: UInt32
    public var digest: [UInt8]

    /// The digest lengths the codec accepts.
    public static let supportedDigestLengths: Set<Int> = [16, 20]

    public init(keyID: UInt32, digest: [UInt8]) {
        self.keyID = keyID
        self.digest = digest
    }
}
