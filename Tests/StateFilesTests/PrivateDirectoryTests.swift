import Glibc
import StateFiles
import Testing

@Suite struct PrivateDirectoryTests {
    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    static func refusal(_ body: () throws(PrivateDirectory.Refusal) -> Void) -> String? {
        do { try body() } catch { return error.description }
        return nil
    }

    @Test func aDirectoryOfTheUserNotWritableByOthersIsAccepted() throws {
        let directory = SlotFileTests.temporaryDirectory()
        for mode: mode_t in [0o700, 0o750, 0o755, 0o1700] {
            #expect(chmod(directory, mode) == 0)
            try PrivateDirectory.checkOwner(of: directory, uid: geteuid(), user: "me")
        }
    }

    @Test func anotherUsersDirectoryIsRefusedNamingBothAndTheFix() {
        let directory = SlotFileTests.temporaryDirectory()
        let message = Self.refusal { () throws(PrivateDirectory.Refusal) in
            try PrivateDirectory.checkOwner(of: directory, uid: geteuid() + 4242, user: "meridian")
        }
        #expect(message?.contains("is owned by uid \(geteuid())") == true, "\(message ?? "accepted")")
        #expect(message?.contains("not by meridian") == true && message?.contains("chown -R meridian: \(directory)") == true)
        #expect(message?.contains("\n") == false, "one line")
    }

    @Test func aDirectoryWritableByItsGroupOrOthersIsRefused() {
        let directory = SlotFileTests.temporaryDirectory()
        for (mode, who) in [(mode_t(0o770), "its group"), (0o707, "others"), (0o777, "others"), (0o1777, "others")] {
            #expect(chmod(directory, mode) == 0)
            let message = Self.refusal { () throws(PrivateDirectory.Refusal) in
                try PrivateDirectory.checkOwner(of: directory, uid: geteuid(), user: "me")
            }
            #expect(message?.contains("is writable by \(who)") == true, "\(String(mode, radix: 8)): \(message ?? "accepted")")
            #expect(message?.contains("chmod go-w \(directory)") == true)
            let walked = Self.refusal { () throws(PrivateDirectory.Refusal) in _ = try PrivateDirectory.tighten(directory) }
            #expect(walked?.contains("is writable by \(who)") == true)
        }
    }

    @Test func tighteningRemovesGroupAndOtherAccessAndReportsIt() throws {
        let directory = SlotFileTests.temporaryDirectory()
        #expect(chmod(directory, 0o755) == 0)
        try AtomicFile.write(Array("a".utf8), to: directory + "/users", mode: 0o644)
        try AtomicFile.write(Array("b".utf8), to: directory + "/running-a.xml", mode: 0o600)
        #expect(mkdir(directory + "/authorized_keys", 0o750) == 0 && chmod(directory + "/authorized_keys", 0o750) == 0)
        try AtomicFile.write(Array("c".utf8), to: directory + "/authorized_keys/alice", mode: 0o640)
        #expect(chmod(directory + "/users", 0o644) == 0 && chmod(directory + "/authorized_keys/alice", 0o640) == 0)
        let fixes = try PrivateDirectory.tighten(directory)
        #expect(Set(fixes.map(\.description)) == [
            ". 0755 -> 0700", "users 0644 -> 0600", "authorized_keys 0750 -> 0700", "authorized_keys/alice 0640 -> 0600",
        ])
        #expect(Self.mode(directory) == 0o700 && Self.mode(directory + "/users") == 0o600)
        #expect(Self.mode(directory + "/authorized_keys") == 0o700 && Self.mode(directory + "/authorized_keys/alice") == 0o600)
        #expect(try PrivateDirectory.tighten(directory).isEmpty, "nothing left to fix")
    }

    @Test func aFileWritableByOthersInsideIsRefused() throws {
        let directory = SlotFileTests.temporaryDirectory()
        try AtomicFile.write(Array("a".utf8), to: directory + "/users")
        #expect(chmod(directory + "/users", 0o662) == 0)
        let message = Self.refusal { () throws(PrivateDirectory.Refusal) in _ = try PrivateDirectory.tighten(directory) }
        #expect(message == "state directory \(directory): users is writable by others (mode 0662): check it, then chmod go-w \(directory)/users")
    }

    @Test func symbolicLinksInsideAreNeitherFollowedNorChanged() throws {
        let outside = SlotFileTests.temporaryDirectory()
        try AtomicFile.write(Array("x".utf8), to: outside + "/shared", mode: 0o644)
        #expect(chmod(outside + "/shared", 0o666) == 0 && chmod(outside, 0o777) == 0)
        let directory = SlotFileTests.temporaryDirectory()
        #expect(symlink(outside + "/shared", directory + "/users") == 0)
        #expect(symlink(outside, directory + "/authorized_keys") == 0)
        #expect(try PrivateDirectory.tighten(directory).isEmpty)
        #expect(Self.mode(outside + "/shared") == 0o666 && Self.mode(outside) == 0o777)
    }

    @Test func theDirectoryMayItselfBeALink() throws {
        let real = SlotFileTests.temporaryDirectory()
        #expect(chmod(real, 0o755) == 0)
        let link = SlotFileTests.temporaryDirectory() + "/state"
        #expect(symlink(real, link) == 0)
        try PrivateDirectory.checkOwner(of: link, uid: geteuid(), user: "me")
        #expect(try PrivateDirectory.tighten(link).map(\.description) == [". 0755 -> 0700"])
        #expect(Self.mode(real) == 0o700)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to give a file to another user"))
    func aFileOfAnotherUserInsideIsRefused() throws {
        let directory = SlotFileTests.temporaryDirectory()
        try AtomicFile.write(Array("a".utf8), to: directory + "/users")
        #expect(chown(directory + "/users", 65534, 65534) == 0)
        let message = Self.refusal { () throws(PrivateDirectory.Refusal) in _ = try PrivateDirectory.tighten(directory) }
        #expect(message?.hasPrefix("state directory \(directory): users is owned by uid 65534") == true, "\(message ?? "accepted")")
        #expect(message?.hasSuffix("not by uid 0 (root), the user meridiand runs as: chown -R root: \(directory)") == true)
    }
}
