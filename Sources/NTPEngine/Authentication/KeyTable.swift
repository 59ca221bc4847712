import NTPCore

/// The configured symmetric keys: verifies the MAC of a received datagram
/// and signs outgoing ones.
struct KeyTable: Sendable {
    private var keys: [UInt32: SymmetricKey]

    init(_ keys: [SymmetricKey] = []) {
        var table: [UInt32: SymmetricKey] = [:]
        for key in keys { table[key.id] = key }
        self.keys = table
    }

    func contains(_ id: UInt32) -> Bool { keys[id] != nil }

    /// The verdict on `packet`, whose raw bytes are `datagram`: no MAC,
    /// verified by a trusted key, or failed (unknown or untrusted key, wrong
    /// length or digest).
    func verify(_ packet: NTPPacket, datagram: [UInt8]) -> AuthenticationStatus {
        guard case .mac(let mac)? = packet.authenticator else { return .none }
        guard let key = keys[mac.keyID], key.trusted, mac.digest.count == key.algorithm.digestLength else {
            return .failed
        }
        let covered = packet.authenticatedLength
        guard covered <= datagram.count else { return .failed }
        let expected = datagram.withUnsafeBytes {
            MessageDigester.mac(key.algorithm, key: key.secret, message: UnsafeRawBufferPointer(rebasing: $0[..<covered]))
        }
        guard let expected, MessageDigester.equal(expected, mac.digest) else { return .failed }
        return .verified(keyID: mac.keyID)
    }

    /// Appends key ID and MAC to `datagram` (an encoded packet without an
    /// authenticator). Returns false, leaving it unsigned, for an unknown key.
    @discardableResult
    func sign(_ datagram: inout [UInt8], keyID: UInt32) -> Bool {
        guard let key = keys[keyID] else { return false }
        let digest = datagram.withUnsafeBytes { MessageDigester.mac(key.algorithm, key: key.secret, message: $0) }
        guard let digest else { return false }
        for shift in stride(from: 24, through: 0, by: -8) {
            datagram.append(UInt8(truncatingIfNeeded: keyID >> UInt32(shift)))
        }
        datagram.append(contentsOf: digest)
        return true
    }
}
