import Accounts
import Glibc

/// On a state directory without users, creates `admin` with a random password and prints
/// that password once; only its hash is stored.
enum FirstRun {
    static func ensureAdmin(in users: UserDatabase) throws {
        guard users.users().isEmpty else { return }
        let password = randomPassword()
        guard let hash = PasswordHash.make(password) else { throw StartupError("the system's crypt cannot hash passwords") }
        do { try users.add(user: "admin", passwordHash: hash, keys: []) } catch { throw StartupError("\(error)") }
        printError("""
            meridiand: first run: created NETCONF user 'admin'
            meridiand: admin password: \(password)
            meridiand: (shown only once; change it with 'meridiand user add admin --password-stdin --state-dir \(users.directory)')
            """)
    }

    static func randomPassword(length: Int = 20) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
