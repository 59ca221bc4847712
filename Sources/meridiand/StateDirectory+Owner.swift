import Glibc
import StateFiles

extension StateDirectory {
    /// For `meridiand user`: acts as the account that owns the state directory, so the
    /// files it writes belong to that account, the one `run` runs as. Run as root, it
    /// becomes the owner (without any capability); a missing directory is first created for
    /// the account `run` would switch to by default (`meridian` if it exists, else root).
    /// Run as another user, the directory must be its own. A directory writable by group or
    /// others is refused either way.
    func actAsOwner(creating: Bool) throws(StartupError) {
        if creating, !exists {
            // No default account to switch to (no `meridian` user) is the documented "else
            // root": `run` stays root then too, so the directory is root's.
            let owner = geteuid() == 0 ? ((try? RunIdentity.resolve(user: nil).get())?.account ?? .current()) : .current()
            try prepare(owner: owner)
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return }
        let owner = geteuid() == 0 ? Account.of(uid: status.st_uid, gid: status.st_gid) : .current()
        do { try PrivateDirectory.checkOwner(of: path, uid: owner.uid, user: owner.name) } catch {
            throw StartupError(error.description)
        }
        if geteuid() == 0, !owner.isRoot { try PrivilegeSwitch.become(owner) }
    }
}
