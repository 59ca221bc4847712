/// A public key offered by a client, as OpenSSH writes it in authorized_keys: the
/// key type name and the base64 blob. The blob alone identifies the key.
public struct SSHPublicKey: Hashable, Sendable {
    public let type: String
    public let base64: String

    public init(type: String, base64: String) {
        self.type = type
        self.base64 = base64
    }

    /// The key as one authorized_keys line.
    public var authorizedKeyLine: String { "\(type) \(base64)" }
}

/// Decides who may log in. Implementations must be thread-safe.
public protocol SSHAuthenticator: Sendable {
    /// Called on a password-check thread, never the reactor's: it may take a hash's time.
    /// Unknown users and users without a password should cost a hash too (a decoy), so that
    /// the time does not tell them from a wrong password.
    func verifyPassword(user: String, password: String) -> Bool
    /// Called on the SSH reactor thread: must be quick.
    func isAuthorized(user: String, key: SSHPublicKey) -> Bool
}
