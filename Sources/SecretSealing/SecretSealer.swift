internal import CLibCrypto

/// Seals short secrets for storage with AES-256-GCM under a 32-byte key (the host secret):
/// a random 96-bit nonce per value, and the value's place in the configuration as
/// associated data, so a sealed value opens only where it was sealed. The stored form is
/// text: `$meridian-aead1$` followed by base64 of nonce ‖ ciphertext ‖ tag.
///
/// Pure apart from the randomness of the nonce; the key is held, never logged.
public struct SecretSealer: Sendable {
    /// What every sealed value starts with (and a clear value of this project never does:
    /// see ``isSealed(_:)``).
    public static let prefix = "$meridian-aead1$"
    public static let keyLength = 32
    static let nonceLength = 12
    static let tagLength = 16

    private let key: [UInt8]

    /// - Precondition: `key` has ``keyLength`` bytes.
    public init(key: [UInt8]) {
        precondition(key.count == Self.keyLength, "an AES-256 key has 32 bytes")
        self.key = key
    }

    /// True when `value` has the form of a sealed value (it may still not open).
    public static func isSealed(_ value: some StringProtocol) -> Bool {
        value.hasPrefix(prefix)
    }

    /// `clear` sealed for the place `associatedData` names.
    public func seal(_ clear: String, associatedData: String) throws(SealingError) -> String {
        var nonce = [UInt8](repeating: 0, count: Self.nonceLength)
        guard RAND_bytes(&nonce, Int32(nonce.count)) == 1 else { throw .cryptoFailure("RAND_bytes") }
        let (ciphertext, tag) = try GCMCipher(key: key).encrypt(Array(clear.utf8), nonce: nonce, associatedData: Array(associatedData.utf8))
        return Self.prefix + Base64.encode(nonce + ciphertext + tag)
    }

    /// The clear value of `sealed`, which must have been sealed with this key for the same
    /// `associatedData`.
    public func open(_ sealed: String, associatedData: String) throws(SealingError) -> String {
        guard Self.isSealed(sealed) else { throw .malformed("no \(Self.prefix) prefix") }
        guard let bytes = Base64.decode(sealed.dropFirst(Self.prefix.count)) else { throw .malformed("bad base64") }
        guard bytes.count > Self.nonceLength + Self.tagLength else { throw .malformed("too short") }
        let nonce = Array(bytes[..<Self.nonceLength])
        let ciphertext = Array(bytes[Self.nonceLength..<(bytes.count - Self.tagLength)])
        let tag = Array(bytes[(bytes.count - Self.tagLength)...])
        let clear = try GCMCipher(key: key).decrypt(ciphertext, nonce: nonce, tag: tag, associatedData: Array(associatedData.utf8))
        // The clear value was a String's UTF-8 when sealed; anything else is not authentic.
        guard let text = String(validating: clear, as: UTF8.self) else { throw .notAuthentic }
        return text
    }
}
