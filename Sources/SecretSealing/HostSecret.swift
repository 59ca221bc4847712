import Synchronization

/// The host secret of one state directory as a ``SecretSealer``, read once and kept; created
/// only when something is sealed, never when something is opened (a state directory copied
/// without its host secret must fail to load, not get a new one).
public final class HostSecret: Sendable {
    public let file: HostSecretFile
    private let sealer = Mutex<SecretSealer?>(nil)

    public init(directory: String) {
        file = HostSecretFile(directory: directory)
    }

    /// For sealing: the host secret, created on first need.
    public func sealerCreatingSecret() throws(HostSecretFile.Failure) -> SecretSealer {
        try sealer.withLock { (cached: inout SecretSealer?) throws(HostSecretFile.Failure) -> SecretSealer in
            if let cached { return cached }
            let made = SecretSealer(key: try file.readOrCreate())
            cached = made
            return made
        }
    }

    /// For opening: the host secret, nil when its file does not exist.
    public func existingSealer() throws(HostSecretFile.Failure) -> SecretSealer? {
        try sealer.withLock { (cached: inout SecretSealer?) throws(HostSecretFile.Failure) -> SecretSealer? in
            if let cached { return cached }
            guard let key = try file.read() else { return nil }
            let made = SecretSealer(key: key)
            cached = made
            return made
        }
    }
}
