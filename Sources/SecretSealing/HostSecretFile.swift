import Glibc
internal import CLibCrypto

/// The host secret: 32 random bytes in one file of the state directory (mode 0600), the key
/// of every secret sealed there. Created on first need, exclusively (`O_EXCL`, never through a
/// symbolic link); never replaced: a new secret would make the sealed values unreadable.
public struct HostSecretFile: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static let name = "host-secret"
    public let path: String

    public init(directory: String) {
        path = directory + "/" + Self.name
    }

    /// The secret, nil when the file does not exist.
    public func read() throws(Failure) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw failure("cannot open")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("cannot stat") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw Failure(description: "\(path) is not a regular file") }
        var bytes = [UInt8](repeating: 0, count: SecretSealer.keyLength + 1)
        let count = Glibc.read(fd, &bytes, bytes.count)
        guard count >= 0 else { throw failure("cannot read") }
        guard count == SecretSealer.keyLength else {
            throw Failure(description: "\(path) holds \(count) bytes, not the \(SecretSealer.keyLength) of a host secret")
        }
        return Array(bytes[..<SecretSealer.keyLength])
    }

    /// The secret, created when the file does not exist yet.
    public func readOrCreate() throws(Failure) -> [UInt8] {
        if let existing = try read() { return existing }
        var secret = [UInt8](repeating: 0, count: SecretSealer.keyLength)
        guard RAND_bytes(&secret, Int32(secret.count)) == 1 else { throw Failure(description: "no random bytes for \(path) (RAND_bytes)") }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // Created meanwhile by someone else: theirs is the secret.
            if errno == EEXIST, let existing = try read() { return existing }
            throw failure("cannot create")
        }
        let written = Glibc.write(fd, secret, secret.count)
        let synced = fsync(fd) == 0
        close(fd)
        guard written == secret.count, synced else {
            _ = unlink(path)  // a short secret would be worse than none; the removal is best effort
            throw Failure(description: "cannot write \(path)")
        }
        try syncDirectory()
        return secret
    }

    private func syncDirectory() throws(Failure) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open the directory of") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("cannot sync the directory of") }
    }

    private func failure(_ what: String) -> Failure {
        Failure(description: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
