import StateFiles

/// Which boot of the host this is, so that loading can tell a host boot (start from
/// startup, RFC 6241 §8.7) from a restart of the daemon within the same boot (crash,
/// upgrade, SIGTERM: running comes back as it was). Linux gives every boot a random id.
public struct BootIdentity: Sendable {
    /// The current boot's id, `nil` when the host does not tell.
    public let current: @Sendable () -> String?

    public init(current: @escaping @Sendable () -> String?) {
        self.current = current
    }

    /// `/proc/sys/kernel/random/boot_id`.
    public static let kernel = BootIdentity {
        AtomicFile.read("/proc/sys/kernel/random/boot_id").flatMap { bytes in
            let id = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
            return id.isEmpty ? nil : id
        }
    }
}

/// Where a load took running from.
public enum LoadedConfiguration: Sendable, Equatable {
    /// Nothing saved: running stays empty.
    case nothing
    /// Running as it was saved, in the same boot (or with no boot recorded, e.g. by a version
    /// that did not record one).
    case runningOfThisBoot
    /// Startup, on a fresh state directory or after a host boot.
    case startup(afterBoot: Bool)
    /// Running as saved, after a host boot with no startup datastore to start from.
    case runningWithoutStartup
    /// A confirmed commit was pending when meridiand stopped: running as it was before it
    /// (RFC 6241 §8.4: not confirmed, so rolled back).
    case confirmedCommitRolledBack
}
