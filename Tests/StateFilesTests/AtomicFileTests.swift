import Glibc
import StateFiles
import Testing

@Suite struct AtomicFileTests {
    @Test func aSymbolicLinkAtTheTemporaryPathIsRemovedNotWrittenThrough() throws {
        let directory = SlotFileTests.temporaryDirectory()
        let victim = directory + "/victim"
        try AtomicFile.write(Array("precious".utf8), to: victim)
        let target = directory + "/startup.xml"
        // The temporary name is predictable (target.tmp-PID): plant a link there.
        #expect(symlink(victim, target + ".tmp-\(getpid())") == 0)
        try AtomicFile.write(Array("<config/>".utf8), to: target)
        #expect(SlotFileTests.text(AtomicFile.read(victim)) == "precious")
        #expect(SlotFileTests.text(AtomicFile.read(target)) == "<config/>")
        var status = stat()
        #expect(lstat(target, &status) == 0 && status.st_mode & S_IFMT == S_IFREG && status.st_mode & 0o777 == 0o600)
        #expect(access(target + ".tmp-\(getpid())", F_OK) != 0, "nothing is left at the temporary path")
    }

    @Test func aFileACrashLeftAtTheTemporaryPathIsReplaced() throws {
        let directory = SlotFileTests.temporaryDirectory()
        let target = directory + "/users"
        try AtomicFile.write(Array("stale".utf8), to: target + ".tmp-\(getpid())", mode: 0o644)
        try AtomicFile.write(Array("alice:*\n".utf8), to: target)
        #expect(SlotFileTests.text(AtomicFile.read(target)) == "alice:*\n")
        var status = stat()
        #expect(stat(target, &status) == 0 && status.st_mode & 0o777 == 0o600, "created anew with the mode asked for")
    }

    @Test func readingWithoutFollowingLinksSeesNoFileAtALink() throws {
        let directory = SlotFileTests.temporaryDirectory()
        try AtomicFile.write(Array("content".utf8), to: directory + "/real")
        #expect(symlink(directory + "/real", directory + "/link") == 0)
        #expect(AtomicFile.read(directory + "/link", followingLinks: false) == nil)
        #expect(SlotFileTests.text(AtomicFile.read(directory + "/link")) == "content")
        #expect(SlotFileTests.text(AtomicFile.read(directory + "/real", followingLinks: false)) == "content")
    }
}
