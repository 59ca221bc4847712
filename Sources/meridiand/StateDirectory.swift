import Glibc

/// The directory holding the host keys, the users and the datastores of one agent.
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

    /// Creates the directory (and parents) with mode 0700 if needed and checks it is usable.
    func prepare() throws(StartupError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw StartupError("cannot create state directory \(prefix): \(String(cString: strerror(errno)))")
            }
        }
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            throw StartupError("state directory \(path) is not writable: \(String(cString: strerror(errno)))")
        }
    }
}

/// A reason the daemon cannot start or a command cannot run, printed as one line.
struct StartupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
