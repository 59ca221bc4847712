import Glibc
import Testing
@testable import SecretSealing

struct HostSecretTests {
    private func temporaryDirectory() -> String {
        var template = Array("/tmp/meridian-host-secret-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    @Test func theSecretIsCreatedOnceWithMode0600() throws {
        let directory = temporaryDirectory()
        let file = HostSecretFile(directory: directory)
        #expect(try file.read() == nil)
        let created = try file.readOrCreate()
        #expect(created.count == 32)
        #expect(try file.readOrCreate() == created)
        var info = stat()
        #expect(stat(file.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func openingNeverCreatesTheSecret() throws {
        let directory = temporaryDirectory()
        #expect(try HostSecret(directory: directory).existingSealer() == nil)
        #expect(access(HostSecretFile(directory: directory).path, F_OK) != 0)
    }

    @Test func aSymbolicLinkIsNotFollowed() throws {
        let directory = temporaryDirectory()
        let file = HostSecretFile(directory: directory)
        #expect(symlink(directory + "/elsewhere", file.path) == 0)
        #expect(throws: HostSecretFile.Failure.self) { try file.readOrCreate() }
        #expect(access(directory + "/elsewhere", F_OK) != 0)
    }

    @Test func aSecretOfTheWrongSizeIsRefused() throws {
        let directory = temporaryDirectory()
        let file = HostSecretFile(directory: directory)
        let fd = open(file.path, O_WRONLY | O_CREAT, 0o600)
        _ = write(fd, "short", 5)
        close(fd)
        #expect(throws: HostSecretFile.Failure.self) { try file.read() }
    }
}
