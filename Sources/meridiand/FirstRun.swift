import Accounts
import Glibc
import StateFiles

/// On a state directory without users, creates `admin` with a random password, prints that
/// password once in a box on stderr, and keeps it in `STATE/admin-password` (mode 0600) until
/// `admin` first logs in (`FirstLoginWatch`) or its password is changed or removed
/// (`meridiand user add admin --password-stdin`, `meridiand user remove admin`). The users
/// file holds only the hash.
///
/// `meridiand run` calls `createAdmin` only once the NETCONF listeners are up, the last step
/// that can fail, so a start that fails (port in use, bad configuration) leaves neither a user
/// whose password nobody saw nor the file.
enum FirstRun {
    static let user = "admin"
    static let passwordFileName = "admin-password"

    static func passwordFile(in stateDirectory: String) -> String { stateDirectory + "/" + passwordFileName }

    /// True when the state directory has no users yet: `run` will create `admin`.
    static func isFirstRun(_ users: UserDatabase) -> Bool { users.users().isEmpty }

    /// Creates `admin`, writes the password file, prints the box. Nothing when users exist.
    static func createAdmin(in users: UserDatabase) throws {
        guard isFirstRun(users) else { return }
        let password = randomPassword()
        guard let hash = PasswordHash.make(password) else { throw StartupError("the system's crypt cannot hash passwords") }
        let file = passwordFile(in: users.directory)
        do { try AtomicFile.write(password + "\n", to: file, mode: 0o600) } catch {
            throw StartupError("cannot write \(file): \(error)")
        }
        do { try users.add(user: user, passwordHash: hash, keys: []) } catch {
            _ = AtomicFile.remove(file)
            throw StartupError("\(error)")
        }
        printError(box([
            "meridiand first run: created the NETCONF user '\(user)'",
            "",
            "admin password: \(password)",
            "",
            "Shown only this once. Until admin first logs in (or the password",
            "is changed) it is also in this file, mode 0600:",
            "  \(realPath(file))",
            "Change it: \(CommandLine.arguments.first ?? "meridiand") user add admin --password-stdin --state-dir \(realPath(users.directory))",
        ]))
    }

    /// Removes the password file; true when there was one.
    @discardableResult
    static func forgetPassword(in stateDirectory: String) -> Bool {
        unlink(passwordFile(in: stateDirectory)) == 0
    }

    static func randomPassword(length: Int = 20) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Lines framed in `#`, with a blank line above and below, so that they stand out
    /// among the log lines.
    static func box(_ lines: [String]) -> String {
        let width = lines.map(\.count).max() ?? 0
        let rule = String(repeating: "#", count: width + 8)
        let body = lines.map { "##  " + $0 + String(repeating: " ", count: width - $0.count) + "  ##" }
        return (["", rule] + body + [rule, ""]).joined(separator: "\n")
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
