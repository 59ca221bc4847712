internal import CLibSSH

/// A libssh message the reactor holds until it answers it: a service or user-auth request
/// received before login. Owns the message and frees it in `deinit`; answer it only while
/// its session is alive, and only on the reactor thread.
final class SSHMessage {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        ssh_message_free(pointer)
    }
}

/// A user-auth request waiting for `UserAuthStateMachine` to decide its answer.
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
