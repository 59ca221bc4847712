import Synchronization

/// Whether a session is still open, readable from any thread. Cleared on the transport
/// thread before the session's end handlers run, so work that checks it in the same step
/// as granting something (a lock, a pending confirmed commit) never grants it to a session
/// whose end has already been handled: either the check sees the session gone, or the end
/// handling runs after the grant and releases it.
final class SessionLiveness: Sendable {
    private let open = Atomic<Bool>(true)

    var isOpen: Bool { open.load(ordering: .acquiring) }

    func ended() { open.store(false, ordering: .releasing) }
}
