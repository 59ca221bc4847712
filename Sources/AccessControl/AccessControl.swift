import Synchronization

/// The NACM state of a running server: the policy compiled from running's `/nacm` (replaced
/// at each commit that changes it), the recovery users, and the RFC 8341 denial counters.
/// Any thread.
public final class AccessControl: Sendable {
    private let policy: Mutex<AccessPolicy>
    private let defaults: [String: DefaultDeny]
    /// Users whose sessions bypass NACM (RFC 8341 §3.2.1 recovery session).
    public let recoveryUsers: Set<String>
    private let deniedOperationCount = Atomic<UInt32>(0)
    private let deniedWriteCount = Atomic<UInt32>(0)
    private let deniedNotificationCount = Atomic<UInt32>(0)

    /// - Parameter defaults: the schema's `nacm:default-deny-*` nodes and RPCs (schema path →
    ///   default), read once from the loaded modules.
    public init(defaults: [String: DefaultDeny], recoveryUsers: Set<String> = []) {
        self.defaults = defaults
        self.recoveryUsers = recoveryUsers
        policy = Mutex(AccessPolicy(configuration: NACMConfiguration(), defaults: defaults))
    }

    /// Compiles `configuration` when it differs from the one in force.
    public func install(_ configuration: NACMConfiguration) {
        policy.withLock { current in
            guard current.configuration != configuration else { return }
            current = AccessPolicy(configuration: configuration, defaults: defaults)
        }
    }

    /// The rights of a session of `user` for one request.
    public func rights(for user: String) -> UserRights {
        if recoveryUsers.contains(user) { return .unrestricted }
        return policy.withLock { $0 }.rights(for: user)
    }

    public func countDeniedOperation() { deniedOperationCount.add(1, ordering: .relaxed) }
    public func countDeniedWrite() { deniedWriteCount.add(1, ordering: .relaxed) }
    public func countDeniedNotification() { deniedNotificationCount.add(1, ordering: .relaxed) }

    public var deniedOperations: UInt32 { deniedOperationCount.load(ordering: .relaxed) }
    public var deniedDataWrites: UInt32 { deniedWriteCount.load(ordering: .relaxed) }
    /// Notifications left out of a subscription because its user may not read them.
    public var deniedNotifications: UInt32 { deniedNotificationCount.load(ordering: .relaxed) }
}
