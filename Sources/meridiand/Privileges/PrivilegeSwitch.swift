internal import CSystemShims
import Glibc
import Logging

/// Gives up root (or surplus capabilities) as ``RunIdentity`` decided. Must run while the
/// process has one thread: Linux keeps capabilities per thread, and threads inherit the
/// sets of the thread that starts them, so every thread started afterwards (the SSH
/// reactor, the state writers, the Swift concurrency pool that binds NTP sockets on each
/// commit) has exactly the sets left here. The C side refuses to run otherwise.
enum PrivilegeSwitch {
    /// Switches user or trims capabilities; returns the capabilities now held (nil: still
    /// root, all of them).
    static func apply(_ identity: RunIdentity, keeping needed: CapabilitySet) throws(StartupError) -> CapabilitySet? {
        var step: UnsafePointer<CChar>?
        switch identity {
        case .root:
            return nil
        case .switchUser(let account, _):
            let result = meridian_switch_user(account.uid, account.gid, needed.rawValue, &step)
            guard result == 0 else { throw failure("cannot switch to user \(account.name)", result, step) }
        case .unprivileged:
            let result = meridian_limit_capabilities(needed.rawValue, &step)
            guard result == 0 else { throw failure("cannot limit the capabilities", result, step) }
        }
        return CapabilitySet.permitted()
    }

    /// Without root and without any capability: becomes `account` (the owner of the state
    /// directory, for `meridiand user`).
    static func become(_ account: Account) throws(StartupError) {
        var step: UnsafePointer<CChar>?
        let result = meridian_switch_user(account.uid, account.gid, 0, &step)
        guard result == 0 else { throw failure("cannot switch to user \(account.name)", result, step) }
    }

    static func log(_ identity: RunIdentity, holding capabilities: CapabilitySet?, _ logger: Logger) {
        switch identity {
        case .switchUser(let account, _):
            logger.notice("switched to user \(account.name)", metadata: [
                "uid": "\(account.uid)", "gid": "\(account.gid)", "capabilities": "\(capabilities ?? [])",
            ])
        case .root(explicit: true):
            logger.notice("running as root (--user root)")
        case .root(explicit: false):
            let user = RunIdentity.defaultUser
            let create = "useradd --system --no-create-home --shell /usr/sbin/nologin \(user)"
            let choices = "create it (\(create)) or name one with --user NAME (--user root keeps root without this warning)"
            logger.warning("running as root: there is no user '\(user)' to switch to; \(choices)")
        case .unprivileged(let account):
            logger.info("running as \(account.name)", metadata: [
                "uid": "\(account.uid)", "gid": "\(account.gid)", "capabilities": "\(capabilities ?? [])",
            ])
        }
    }

    private static func failure(_ what: String, _ result: Int32, _ step: UnsafePointer<CChar>?) -> StartupError {
        let call = step.map { String(cString: $0) } ?? "?"
        if result == -EBUSY, call.hasPrefix("more than one thread") {
            return StartupError("\(what): \(call) (a bug: the switch must come before any thread starts)")
        }
        return StartupError("\(what): \(call): \(String(cString: strerror(-result)))")
    }
}
