public import SSHTransport
import StateFiles
import Glibc

/// The NETCONF users of one state directory.
///
/// Layout: `users` holds one `name:hash` line per user (crypt(5) hash, or `*` for
/// key-only users); `authorized_keys/NAME` holds that user's keys in OpenSSH format.
/// Files are re-read on every login, so `meridiand user add` takes effect on a running
/// daemon, and replaced atomically when changed.
public struct UserDatabase: SSHAuthenticator {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    var usersPath: String { directory + "/users" }
    func keysPath(_ user: String) -> String { directory + "/authorized_keys/" + user }

    /// User names: a letter or underscore, then letters, digits, `_`, `.`, `-`; at most 32.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...32).contains(bytes.count) else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == 95 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        return isLetter(bytes[0]) && bytes.allSatisfy { isLetter($0) || isDigit($0) || $0 == 46 || $0 == 45 }
    }

    // MARK: Reading

    /// name → password hash, in file order.
    public func users() -> [(name: String, hash: String)] {
        guard let bytes = AtomicFile.read(usersPath) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (name: String(parts[0]), hash: String(parts[1]))
        }
    }

    public func authorizedKeys(of user: String) -> [SSHPublicKey] {
        guard UserDatabase.isValidName(user), let bytes = AtomicFile.read(keysPath(user)) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            let trimmed = line.drop(while: { $0 == " " })
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            let fields = trimmed.split(separator: " ")
            guard fields.count >= 2 else { return nil }
            return SSHPublicKey(type: String(fields[0]), base64: String(fields[1]))
        }
    }

    // MARK: SSHAuthenticator

    public func verifyPassword(user: String, password: String) -> Bool {
        guard let entry = users().first(where: { $0.name == user }), entry.hash.hasPrefix("$") else {
            // Unknown users and users without a password (key-only, `*`) cost a hash too,
            // so that neither is told apart from a wrong password by its time.
            _ = PasswordHash.verify(password, against: UserDatabase.decoyHash)
            return false
        }
        return PasswordHash.verify(password, against: entry.hash)
    }

    public func isAuthorized(user: String, key: SSHPublicKey) -> Bool {
        guard users().contains(where: { $0.name == user }) else { return false }
        return authorizedKeys(of: user).contains { $0.base64 == key.base64 }
    }

    private static let decoyHash = PasswordHash.make("decoy-\(UInt64.random(in: .min ... .max))") ?? "*"

    // MARK: Changing

    /// Adds the user if missing, and sets its password hash and/or appends keys.
    public func add(user: String, passwordHash: String?, keys: [SSHPublicKey]) throws(Failure) {
        guard UserDatabase.isValidName(user) else { throw Failure(description: "invalid user name '\(user)'") }
        var entries = users()
        if let index = entries.firstIndex(where: { $0.name == user }) {
            if let passwordHash { entries[index].hash = passwordHash }
        } else {
            entries.append((user, passwordHash ?? "*"))
        }
        if !keys.isEmpty {
            try makeDirectory(directory + "/authorized_keys")
            var current = authorizedKeys(of: user)
            for key in keys where !current.contains(where: { $0.base64 == key.base64 }) { current.append(key) }
            try writeFile(keysPath(user), current.map { $0.authorizedKeyLine + "\n" }.joined())
        }
        try writeUsers(entries)
    }

    /// Removes the user and its keys; throws if it does not exist.
    public func remove(user: String) throws(Failure) {
        var entries = users()
        guard let index = entries.firstIndex(where: { $0.name == user }) else {
            throw Failure(description: "no such user '\(user)'")
        }
        entries.remove(at: index)
        try writeUsers(entries)
        unlink(keysPath(user))
    }

    private func writeUsers(_ entries: [(name: String, hash: String)]) throws(Failure) {
        try writeFile(usersPath, entries.map { "\($0.name):\($0.hash)\n" }.joined())
    }

    private func writeFile(_ path: String, _ text: String) throws(Failure) {
        do {
            try AtomicFile.write(text, to: path, mode: 0o600)
        } catch {
            throw Failure(description: error.description)
        }
    }

    private func makeDirectory(_ path: String) throws(Failure) {
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }
}
