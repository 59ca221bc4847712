import Glibc

/// The rules for a directory only its owner uses (meridiand's state directory: host keys,
/// password hashes, the datastores):
///
/// - it belongs to the user the daemon runs as ("owner" below); a directory of another user
///   is refused: writing there as someone else would leave files its owner cannot replace,
///   or let that user steer the daemon's writes with links;
/// - nothing in it is writable by group or others: someone else could have changed or
///   planted a file, so the daemon refuses to start rather than trust it (the operator
///   checks and runs `chmod go-w`);
/// - group and others have no access at all: read or search bits are removed at start
///   (files 0600, directories 0700 as the daemon creates them) and the change is reported;
/// - symbolic links inside are never followed (nor changed); the directory's own path may be
///   one, as systemd's `DynamicUser=` makes `/var/lib/NAME` a link to `private/NAME`.
///
/// ``checkOwner(of:uid:user:)`` runs first, as root when the daemon is about to switch user;
/// ``tighten(_:)`` runs as the owner, after the switch: root never walks a directory another
/// user controls.
public enum PrivateDirectory {
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A mode changed by ``tighten(_:)``: the path relative to the directory ("." for itself).
    public struct Fix: Equatable, Sendable, CustomStringConvertible {
        public let path: String
        public let oldMode: UInt32
        public let newMode: UInt32
        public var description: String { "\(path) \(octal(oldMode)) -> \(octal(newMode))" }
    }

    /// Refuses `path` (an existing directory) unless it belongs to `uid` and neither its group
    /// nor others may write to it. `user` names `uid` in the message.
    public static func checkOwner(of path: String, uid: UInt32, user: String) throws(Refusal) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(description: "cannot open state directory \(path): \(errorText())") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Refusal(description: "cannot stat state directory \(path): \(errorText())") }
        if status.st_uid != uid {
            throw Refusal(description: "state directory \(path) is owned by \(describe(uid: status.st_uid)), not by \(user), "
                + "the user meridiand runs as: chown -R \(user): \(path) (or choose the user with --user)")
        }
        try refuseWritableByOthers(status.st_mode, "state directory \(path)", fix: "chmod go-w \(path)")
    }

    /// As the owner of `path`: refuses entries of other users or writable by group or others,
    /// removes group and other access from the rest, and returns what it changed.
    public static func tighten(_ path: String) throws(Refusal) -> [Fix] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(description: "cannot open state directory \(path): \(errorText())") }
        defer { close(fd) }
        var fixes: [Fix] = []
        try visit(fd, relative: ".", root: path, owner: geteuid(), depth: 0, fixes: &fixes)
        return fixes
    }

    /// Entries deeper than this are left as they are (the state directory has two levels).
    static let maximumDepth = 8

    private static func visit(_ fd: Int32, relative: String, root: String, owner: uid_t, depth: Int, fixes: inout [Fix]) throws(Refusal) {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Refusal(description: "cannot stat \(root)/\(relative): \(errorText())") }
        let isDirectory = status.st_mode & S_IFMT == S_IFDIR
        let what = relative == "." ? "state directory \(root)" : "state directory \(root): \(relative)"
        let full = relative == "." ? root : root + "/" + relative
        if status.st_uid != owner {
            let name = loginName(owner) ?? "\(owner)"
            throw Refusal(description: "\(what) is owned by \(describe(uid: status.st_uid)), not by \(describe(uid: owner)), "
                + "the user meridiand runs as: chown -R \(name): \(root)")
        }
        try refuseWritableByOthers(status.st_mode, what, fix: "check it, then chmod go-w \(full)")
        let mode = UInt32(status.st_mode & 0o7777)
        if mode & 0o077 != 0 {
            let tightened = mode & ~0o077
            guard fchmod(fd, mode_t(tightened)) == 0 else { throw Refusal(description: "cannot chmod \(full): \(errorText())") }
            fixes.append(Fix(path: relative, oldMode: mode, newMode: tightened))
        }
        guard isDirectory, depth < maximumDepth else { return }
        for name in entries(of: fd) {
            var entry = stat()
            guard fstatat(fd, name, &entry, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let kind = entry.st_mode & S_IFMT
            // Links are not followed; sockets, pipes and devices are not ours to fix.
            guard kind == S_IFREG || kind == S_IFDIR else { continue }
            let child = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
            let path = relative == "." ? name : relative + "/" + name
            guard child >= 0 else {
                // Replaced by a link (or removed) since fstatat: skipped like one.
                if errno == ELOOP || errno == ENOENT { continue }
                throw Refusal(description: "cannot open \(root)/\(path): \(errorText())")
            }
            defer { close(child) }
            try visit(child, relative: path, root: root, owner: owner, depth: depth + 1, fixes: &fixes)
        }
    }

    private static func refuseWritableByOthers(_ mode: mode_t, _ what: String, fix: String) throws(Refusal) {
        if mode & 0o002 != 0 {
            throw Refusal(description: "\(what) is writable by others (mode \(octal(UInt32(mode & 0o7777)))): \(fix)")
        }
        if mode & 0o020 != 0 {
            throw Refusal(description: "\(what) is writable by its group (mode \(octal(UInt32(mode & 0o7777)))): \(fix)")
        }
    }

    /// The names in the directory open at `fd` (without "." and "..").
    private static func entries(of fd: Int32) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let directory = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return []
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// "uid 0 (root)", or "uid 1234" when no account has that id.
    public static func describe(uid: UInt32) -> String {
        loginName(uid).map { "uid \(uid) (\($0))" } ?? "uid \(uid)"
    }

    static func loginName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }

    public static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
