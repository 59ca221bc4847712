import Accounts
import Logging
import SSHTransport
import Synchronization

/// The authenticator `run` gives the SSH server: the user database, watched for the first
/// successful login of `admin`, which removes the first-run password file
/// (`STATE/admin-password`, see `FirstRun`).
///
/// A public key counts once the database authorizes it for `admin`. The authenticator is not
/// told whether libssh asks before or after checking the signature, so a key probe counts as
/// well: the file is then removed one step early, never kept too long. Called on the SSH
/// reactor thread (keys) and the password-check threads: one locked flag check per login
/// once the file is gone.
final class FirstLoginWatch: SSHAuthenticator {
    let users: UserDatabase
    private let logger: Logger
    /// True while the password file may exist and `admin` has not logged in.
    private let watching: Mutex<Bool>

    /// `watching`: on a first run, or when an earlier run left the password file.
    init(users: UserDatabase, watching: Bool, logger: Logger) {
        self.users = users
        self.logger = logger
        self.watching = Mutex(watching)
    }

    func verifyPassword(user: String, password: String) -> Bool {
        let ok = users.verifyPassword(user: user, password: password)
        if ok { noticeLogin(user) }
        return ok
    }

    func isAuthorized(user: String, key: SSHPublicKey) -> Bool {
        let ok = users.isAuthorized(user: user, key: key)
        if ok { noticeLogin(user) }
        return ok
    }

    private func noticeLogin(_ user: String) {
        guard user == FirstRun.user, watching.withLock({ let was = $0; $0 = false; return was }) else { return }
        if FirstRun.forgetPassword(in: users.directory) {
            logger.notice("first login of 'admin': removed the first-run password file", metadata: [
                "file": "\(FirstRun.passwordFile(in: users.directory))",
            ])
        }
    }
}
