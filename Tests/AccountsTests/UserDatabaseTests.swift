import Accounts
import Glibc
import StateFiles
import SSHTransport
import Testing

@Suite struct UserDatabaseTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG3CrvOlgs9Vuv/WkJbmcY2fV4eQm1gxDHqB34Z6EQsf test@host"

    func temporaryDirectory() -> String {
        var template = Array("/tmp/meridian-users-XXXXXX".utf8CString)
        let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
        return path
    }

    @Test func passwordUserCanLogInOnlyWithItsPassword() throws {
        let db = UserDatabase(directory: temporaryDirectory())
        try db.add(user: "alice", passwordHash: PasswordHash.make("pw-alice"), keys: [])
        #expect(db.verifyPassword(user: "alice", password: "pw-alice"))
        #expect(!db.verifyPassword(user: "alice", password: "pw-bob"))
        #expect(!db.verifyPassword(user: "bob", password: "pw-alice"))
    }

    @Test func storedFileHoldsHashNotPassword() throws {
        let dir = temporaryDirectory()
        try UserDatabase(directory: dir).add(user: "alice", passwordHash: PasswordHash.make("pw-alice"), keys: [])
        let text = String(decoding: try #require(AtomicFile.read(dir + "/users")), as: UTF8.self)
        #expect(text.hasPrefix("alice:$y$"))
        #expect(!text.contains("pw-alice"))
        var info = stat()
        #expect(stat(dir + "/users", &info) == 0)
        #expect(info.st_mode & 0o077 == 0, "users file must not be readable by others")
    }

    @Test func keyUserIsAuthorizedOnlyForItsKeys() throws {
        let db = UserDatabase(directory: temporaryDirectory())
        let key = try SSHPublicKey.parse(authorizedKeyLine: Self.ed25519)
        try db.add(user: "robot", passwordHash: nil, keys: [key])
        #expect(db.isAuthorized(user: "robot", key: key))
        #expect(!db.isAuthorized(user: "someone", key: key))
        #expect(!db.verifyPassword(user: "robot", password: "*"), "key-only users have no usable password")
        let other = SSHPublicKey(type: key.type, base64: String(key.base64.dropLast(2)) + "AA")
        #expect(!db.isAuthorized(user: "robot", key: other))
    }

    @Test func unknownAndKeyOnlyUsersCostAPasswordHashToo() throws {
        let db = UserDatabase(directory: temporaryDirectory())
        try db.add(user: "alice", passwordHash: PasswordHash.make("pw-alice"), keys: [])
        try db.add(user: "robot", passwordHash: nil, keys: [try SSHPublicKey.parse(authorizedKeyLine: Self.ed25519)])
        // A yescrypt hash takes milliseconds; skipping it takes microseconds. Only a lower
        // bound is checked: a busy machine makes every case slower, never faster.
        func fastest(_ user: String) -> Duration {
            (0..<3).map { _ in ContinuousClock().measure { _ = db.verifyPassword(user: user, password: "guess") } }.min()!
        }
        let wrongPassword = fastest("alice")
        #expect(wrongPassword > .milliseconds(1))
        #expect(fastest("robot") > wrongPassword / 4, "key-only user answered without a hash")
        #expect(fastest("nobody") > wrongPassword / 4, "unknown user answered without a hash")
    }

    @Test func addingTheSameKeyTwiceKeepsOneAndRemoveDeletesEverything() throws {
        let dir = temporaryDirectory()
        let db = UserDatabase(directory: dir)
        let key = try SSHPublicKey.parse(authorizedKeyLine: Self.ed25519)
        try db.add(user: "robot", passwordHash: nil, keys: [key])
        try db.add(user: "robot", passwordHash: nil, keys: [key])
        #expect(db.authorizedKeys(of: "robot").count == 1)
        try db.remove(user: "robot")
        #expect(db.users().isEmpty)
        #expect(!db.isAuthorized(user: "robot", key: key))
        #expect(throws: UserDatabase.Failure.self) { try db.remove(user: "robot") }
    }

    @Test(arguments: ["", "9lives", "a b", "a:b", "../etc", String(repeating: "x", count: 33)])
    func invalidNamesAreRefused(name: String) {
        #expect(!UserDatabase.isValidName(name))
        let db = UserDatabase(directory: temporaryDirectory())
        #expect(throws: UserDatabase.Failure.self) { try db.add(user: name, passwordHash: "*", keys: []) }
    }

    @Test func garbageKeysAreRefused() {
        #expect(throws: SSHError.self) { try SSHPublicKey.parse(authorizedKeyLine: "ssh-ed25519 not-base64!!") }
        #expect(throws: SSHError.self) { try SSHPublicKey.parse(authorizedKeyLine: "ssh-foo AAAA") }
        #expect(throws: SSHError.self) { try SSHPublicKey.parse(authorizedKeyLine: "justonefield") }
    }
}
