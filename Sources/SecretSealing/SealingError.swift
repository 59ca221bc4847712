/// Why a secret could not be sealed or opened. The description never holds the secret.
public struct SealingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The value is not a sealed token of this format (bad base64, too short).
        case malformed
        /// The token does not open with this key and associated data: another host secret,
        /// another place in the configuration, or altered bytes.
        case notAuthentic
        /// OpenSSL failed (no randomness, no cipher).
        case cryptoFailure
    }

    public let code: Code
    public let description: String

    static func malformed(_ why: String) -> SealingError { SealingError(code: .malformed, description: "not a sealed value: \(why)") }
    static let notAuthentic = SealingError(
        code: .notAuthentic,
        description: "does not decrypt with the host secret (a different host secret, or the stored value was moved or altered)")
    static func cryptoFailure(_ what: String) -> SealingError { SealingError(code: .cryptoFailure, description: "OpenSSL: \(what) failed") }
}
