internal import CLibSSH

/// The session channel of one connection, freed in `deinit` before its session (which it
/// holds strongly). Release it before `SSHSession.disconnect`, which frees the channels
/// libssh still lists. Reactor thread only.
final class SSHChannel {
    private let pointer: OpaquePointer
    private let session: SSHSession

    /// A new channel for the open request libssh is answering; `callbacks` must outlive it.
    init?(_ session: SSHSession, callbacks: UnsafeMutablePointer<ssh_channel_callbacks_struct>) {
        guard let channel = session.withPointer({ ssh_channel_new($0) }) else { return nil }
        pointer = channel
        self.session = session
        _ = ssh_set_channel_callbacks(channel, callbacks)
    }

    deinit {
        // Once the peer has closed its side libssh frees it here; otherwise it stays on the
        // session's list, marked freed, and `ssh_free` frees it.
        ssh_channel_free(pointer)
    }

    /// What libssh hands to libssh (its own return value for a channel-open callback).
    var unownedPointer: OpaquePointer { pointer }

    /// Bytes the client's window takes now.
    var window: Int { Int(ssh_channel_window_size(pointer)) }

    /// Writes up to the window; the count written, or nil on error.
    func write(_ chunk: UnsafeRawBufferPointer) -> Int? {
        let rc = ssh_channel_write(pointer, chunk.baseAddress, UInt32(chunk.count))
        return rc < 0 ? nil : Int(rc)
    }

    /// Reads what libssh has buffered, without waiting; 0 when nothing is left.
    func readBuffered(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        max(0, Int(ssh_channel_read_nonblocking(pointer, buffer.baseAddress, UInt32(buffer.count), 0)))
    }

    /// Exit status 0 (so `ssh -s netconf` ends with 0 after a clean close), EOF and CLOSE.
    func close() {
        ssh_channel_request_send_exit_status(pointer, 0)
        ssh_channel_send_eof(pointer)
        ssh_channel_close(pointer)
    }
}
