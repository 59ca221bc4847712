internal import CLibSSH

/// The `ssh_event` of one session (see `SSHReactor` for why each session has its own).
/// Holds the session strongly: the session is removed from the event and the event freed
/// before the session can be freed.
final class SSHSessionEvent {
    private let pointer: OpaquePointer
    private let session: SSHSession

    init?(_ session: SSHSession) {
        guard let event = ssh_event_new() else { return nil }
        guard session.withPointer({ ssh_event_add_session(event, $0) }) == SSH_OK else {
            ssh_event_free(event)
            return nil
        }
        pointer = event
        self.session = session
    }

    deinit {
        _ = session.withPointer { ssh_event_remove_session(pointer, $0) }
        ssh_event_free(pointer)
    }

    /// Lets libssh read and write what the socket is ready for, without waiting.
    func poll() {
        _ = ssh_event_dopoll(pointer, 0)
    }
}
