internal import CLibSSH

/// A libssh message the reactor holds until it answers it: a service or user-auth request
/// received before login. Owns the message and frees it in `deinit`, before its session
/// (held strongly). Reactor thread only.
final class SSHMessage {
    private let pointer: OpaquePointer
    private let session: SSHSession

    init(_ pointer: OpaquePointer, session: SSHSession) {
        self.pointer = pointer
        self.session = session
    }

    deinit {
        ssh_message_free(pointer)
    }

    /// Lends the pointer to a libssh call on this thread; never keep it.
    func withPointer<R>(_ body: (OpaquePointer) -> R) -> R { body(pointer) }
}

/// A user-auth request waiting for the connection machine to decide its answer.
struct PendingAuthRequest {
    let message: SSHMessage
    /// As the client sent it (escape before logging).
    let user: String
    let method: UserAuthStateMachine.Method
    let password: String?
    let key: SSHPublicKey?

    /// The method as RFC 4252 names it, for logs.
    var methodName: String {
        switch method {
        case .none: "none"
        case .password: "password"
        case .publicKeyQuery, .publicKeySigned: "publickey"
        case .unsupported: "unsupported"
        }
    }
}
