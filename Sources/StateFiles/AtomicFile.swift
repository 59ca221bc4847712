import Glibc

/// Replaces a file so that a crash at any moment leaves either the old or the new
/// content: write a temporary file, fsync it, rename it over the target, fsync the directory.
public enum AtomicFile {
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: UInt32 = 0o600) throws(WriteError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = try createExclusively(temporary, mode: mode)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure("cannot write \(temporary)")
                close(fd)
                unlink(temporary)
                throw error
            }
            offset += n
        }
        guard fsync(fd) == 0 else {
            let error = failure("cannot fsync \(temporary)")
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to \(path)")
            unlink(temporary)
            throw error
        }
        try syncDirectory(of: path)
    }

    public static func write(_ text: String, to path: String, mode: UInt32 = 0o600) throws(WriteError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    /// Creates `path` as a new file (`O_EXCL | O_NOFOLLOW`): whatever is already there, a file
    /// a crashed writer left or a symbolic link someone planted, is removed (the name, never
    /// what a link points to) and the file created again; a second clash is an error.
    static func createExclusively(_ path: String, mode: UInt32) throws(WriteError) -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var fd = open(path, flags, mode_t(mode))
        if fd < 0, errno == EEXIST, unlink(path) == 0 || errno == ENOENT {
            fd = open(path, flags, mode_t(mode))
        }
        guard fd >= 0 else { throw failure("cannot create \(path)") }
        return fd
    }

    static func syncDirectory(of path: String) throws(WriteError) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("cannot open directory \(directory)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("cannot fsync directory \(directory)") }
    }

    /// Reads a whole file; nil if it does not exist. With `followingLinks: false`, a symbolic
    /// link (the last component) reads as no file.
    public static func read(_ path: String, followingLinks: Bool = true) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | (followingLinks ? 0 : O_NOFOLLOW | O_NONBLOCK))
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            result.append(contentsOf: buffer[0..<n])
        }
        return result
    }

    private static func failure(_ what: String) -> WriteError {
        WriteError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}

extension AtomicFile {
    /// Deletes a file and syncs its directory; true if it existed.
    public static func remove(_ path: String) -> Bool {
        guard unlink(path) == 0 else { return false }
        try? syncDirectory(of: path)
        return true
    }
}
