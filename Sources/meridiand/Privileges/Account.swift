import Glibc

/// A system account as the password database has it: the user meridiand runs as.
struct Account: Equatable, CustomStringConvertible {
    let name: String
    let uid: UInt32
    let gid: UInt32

    init(name: String, uid: UInt32, gid: UInt32) {
        self.name = name
        self.uid = uid
        self.gid = gid
    }

    /// The account called `name`, or nil when there is none.
    static func named(_ name: String) -> Account? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &found) == 0, found != nil, let login = entry.pw_name else { return nil }
        return Account(name: String(cString: login), uid: entry.pw_uid, gid: entry.pw_gid)
    }

    /// The account of `uid` with group `gid`; named "uid N" when the database has no entry
    /// (systemd's dynamic users, containers).
    static func of(uid: UInt32, gid: UInt32) -> Account {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let login = entry.pw_name else {
            return Account(name: "uid \(uid)", uid: uid, gid: gid)
        }
        return Account(name: String(cString: login), uid: uid, gid: gid)
    }

    /// The account this process runs as (its effective ids).
    static func current() -> Account { of(uid: geteuid(), gid: getegid()) }

    var isRoot: Bool { uid == 0 }

    var description: String { "\(name) (uid \(uid), gid \(gid))" }
}
