/// A file whose whole content is replaced durably, again and again, by one owner (the
/// group-commit writer's thread): once `replace` returns, a crash leaves the new content.
public protocol DurableFile: Sendable {
    mutating func replace(with bytes: [UInt8]) throws(AtomicFile.WriteError)
}

/// A plain file replaced with ``AtomicFile/write(_:to:mode:)``: a new temporary file,
/// fsync, rename over the old one, fsync of the directory.
public struct AtomicallyReplacedFile: DurableFile {
    public let path: String
    public let mode: UInt32

    public init(path: String, mode: UInt32 = 0o600) {
        self.path = path
        self.mode = mode
    }

    public mutating func replace(with bytes: [UInt8]) throws(AtomicFile.WriteError) {
        try AtomicFile.write(bytes, to: path, mode: mode)
    }
}
