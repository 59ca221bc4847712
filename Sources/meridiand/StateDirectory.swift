import Glibc
import StateFiles

/// The directory holding the host keys, the users and the datastores of one agent. It
/// belongs to the account the daemon runs as and to nobody else (``PrivateDirectory``).
struct StateDirectory {
    let path: String

    /// `/var/lib/meridian` as root, else `$XDG_STATE_HOME/meridian`, else `~/.local/state/meridian`.
    static func defaultPath() -> String {
        if getuid() == 0 { return "/var/lib/meridian" }
        if let xdg = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), !xdg.isEmpty { return xdg + "/meridian" }
        let home = getenv("HOME").map { String(cString: $0) } ?? "."
        return home + "/.local/state/meridian"
    }

    init(_ path: String?) {
        var resolved = path ?? StateDirectory.defaultPath()
        while resolved.count > 1, resolved.hasSuffix("/") { resolved.removeLast() }
        self.path = resolved
    }

    var exists: Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    /// Before the switch: creates the directory for `owner` if needed (mode 0700; missing
    /// parents 0755 when `owner` is another account, so that it can reach it) and refuses
    /// one of another owner or writable by group or others.
    func prepare(owner: Account) throws(StartupError) {
        let forAnother = owner.uid != geteuid()
        var prefix = path.hasPrefix("/") ? "" : "."
        let components = path.split(separator: "/")
        for (index, component) in components.enumerated() {
            prefix += "/" + component
            let isLast = index == components.count - 1
            guard mkdir(prefix, isLast ? 0o700 : 0o755) == 0 else {
                if errno == EEXIST { continue }
                throw StartupError("cannot create state directory \(prefix): \(String(cString: strerror(errno)))")
            }
            if !isLast, forAnother { chmod(prefix, 0o755) }
            if isLast, forAnother { try giveNewDirectory(to: owner) }
        }
        do { try PrivateDirectory.checkOwner(of: path, uid: owner.uid, user: owner.name) } catch {
            throw StartupError(error.description)
        }
    }

    /// After the switch, as the owner: refuses entries of others or writable by others,
    /// removes group and other access from the rest; returns what changed.
    func tighten() throws(StartupError) -> [PrivateDirectory.Fix] {
        let fixes: [PrivateDirectory.Fix]
        do { fixes = try PrivateDirectory.tighten(path) } catch { throw StartupError(error.description) }
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            throw StartupError("state directory \(path) is not writable: \(String(cString: strerror(errno)))")
        }
        return fixes
    }

    /// The directory just created (by root) becomes `owner`'s.
    private func giveNewDirectory(to owner: Account) throws(StartupError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0, fchown(fd, owner.uid, owner.gid) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw StartupError("cannot give state directory \(path) to \(owner.name): \(reason)")
        }
        close(fd)
    }
}

/// A reason the daemon cannot start or a command cannot run, printed as one line.
struct StartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
