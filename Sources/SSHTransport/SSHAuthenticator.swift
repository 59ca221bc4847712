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

/// Decides who may log in. Called on the SSH reactor thread: implementations must be
/// quick and thread-safe.
public protocol SSHAuthenticator: Sendable {
    func verifyPassword(user: String, password: String) -> Bool
    func isAuthorized(user: String, key: SSHPublicKey) -> Bool
}
