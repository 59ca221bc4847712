import Glibc

/// Who `meridiand run` runs as, decided from `--user` and who started it:
///
/// | started as | `--user`         | runs as                                                        |
/// | ---------- | ---------------- | -------------------------------------------------------------- |
/// | root       | NAME (not root)  | NAME, keeping CAP_NET_BIND_SERVICE (+ CAP_SYS_TIME with `--clock system`) |
/// | root       | none             | `meridian` the same way when that account exists; else root, with a warning |
/// | root       | root             | root, all of it (an explicit choice: no warning)                |
/// | a user     | none or itself   | itself, with at most the capabilities above (systemd's `AmbientCapabilities=`) |
/// | a user     | another user     | refused: only root can switch                                   |
enum RunIdentity: Equatable {
    /// Started as root: becomes this account (never root). `explicit`: named by `--user`.
    case switchUser(Account, explicit: Bool)
    /// Started as root and stays root: `--user root` (explicit), or no `meridian` account.
    case root(explicit: Bool)
    /// Not started as root: stays the account it is.
    case unprivileged(Account)

    static let defaultUser = "meridian"

    /// The problem with `--user` as a usage error, or the identity.
    static func resolve(user: String?) -> Result<RunIdentity, StartupError> {
        let current = Account.current()
        if let user, user.isEmpty { return .failure(StartupError("--user needs a user name")) }
        guard current.isRoot else {
            guard let user else { return .success(.unprivileged(current)) }
            guard let account = Account.named(user) else { return .failure(StartupError("--user \(user): no such user")) }
            guard account.uid == current.uid else {
                return .failure(StartupError("--user \(user): only root can switch to another user (meridiand runs as \(current.name))"))
            }
            return .success(.unprivileged(current))
        }
        guard let user else {
            return .success(Account.named(defaultUser).map { $0.isRoot ? .root(explicit: false) : .switchUser($0, explicit: false) }
                ?? .root(explicit: false))
        }
        guard let account = Account.named(user) else { return .failure(StartupError("--user \(user): no such user")) }
        return .success(account.isRoot ? .root(explicit: true) : .switchUser(account, explicit: true))
    }

    /// The account the daemon ends up as: the owner its state directory must have.
    var account: Account {
        switch self {
        case .switchUser(let account, _), .unprivileged(let account): account
        case .root: Account.of(uid: 0, gid: 0)
        }
    }
}
