import Glibc

/// A file replaced durably with one write in place and one `fdatasync`, where
/// ``AtomicFile`` creates a file, fsyncs it, renames it and fsyncs the directory (about six
/// times the CPU and five times the wait on this project's virtual disks).
///
/// The content alternates between two slots, `NAME-a.xml` and `NAME-b.xml` (each a
/// ``SlotRecord``: a generation number, the content and its CRC-32). A replacement always
/// overwrites the slot that does not hold the newest intact content, so a crash in the
/// middle of it leaves that newest content untouched in the other slot; reading takes the
/// intact slot with the higher generation. Slots are padded to whole 4 KiB blocks so that
/// most replacements keep the file's size and `fdatasync` has no metadata to write.
///
/// A file of the older layout, `NAME.xml`, is read when neither slot is intact, and removed
/// once a slot holds a newer content.
public struct SlotFile: DurableFile {
    public let directory: String
    public let name: String
    public let mode: UInt32
    /// The slot (0 or 1) with the newest intact record and its generation; known after the
    /// first replacement has looked at the disk.
    private var newest: (slot: Int, generation: UInt64)?
    private var looked = false
    private var legacyRemoved = false

    static let block = 4096

    public init(directory: String, name: String, mode: UInt32 = 0o600) {
        self.directory = directory
        self.name = name
        self.mode = mode
    }

    public var slotPaths: [String] { [directory + "/" + name + "-a.xml", directory + "/" + name + "-b.xml"] }
    public var legacyPath: String { directory + "/" + name + ".xml" }

    /// The newest intact content: of the two slots, else of the older single file; nil when
    /// there is none.
    public func read() -> [UInt8]? {
        readNamingFile()?.content
    }

    /// ``read()``, with the path of the file the content came from (for error messages).
    public func readNamingFile() -> (path: String, content: [UInt8])? {
        if let (slot, record) = newestRecord() { return (slotPaths[slot], record.content) }
        return AtomicFile.read(legacyPath).map { (legacyPath, $0) }
    }

    /// The intact record with the higher generation and its slot.
    func newestRecord() -> (slot: Int, record: SlotRecord)? {
        var best: (slot: Int, record: SlotRecord)?
        for (slot, path) in slotPaths.enumerated() {
            guard let bytes = AtomicFile.read(path, followingLinks: false), let record = SlotRecord.decode(bytes) else { continue }
            if best == nil || record.generation > best!.record.generation { best = (slot, record) }
        }
        return best
    }

    /// Writes `bytes` into the slot not holding the newest content, then `fdatasync`; a new
    /// slot file also has its directory synced, so its name survives a crash.
    public mutating func replace(with bytes: [UInt8]) throws(AtomicFile.WriteError) {
        if !looked {
            newest = newestRecord().map { ($0.slot, $0.record.generation) }
            looked = true
        }
        if let newest, newest.generation >= SlotRecord.maximumGeneration {
            // Only a forged or damaged header gets here (2^63 commits take longer than
            // anyone waits): number again from 1, in the other slot, then 2 over the old
            // newest. A crash between the two writes leaves the old content, then the new.
            try write(SlotRecord(generation: 1, content: bytes), into: 1 - newest.slot)
            try write(SlotRecord(generation: 2, content: bytes), into: newest.slot)
        } else {
            try write(SlotRecord(generation: (newest?.generation ?? 0) + 1, content: bytes), into: newest.map { 1 - $0.slot } ?? 0)
        }
        if !legacyRemoved {
            legacyRemoved = true
            _ = AtomicFile.remove(legacyPath)
        }
    }

    /// Writes `record` over `slot` in place and `fdatasync`s it. The slot is opened without
    /// following links: a symbolic link in its place is removed and a new file created.
    private mutating func write(_ record: SlotRecord, into slot: Int) throws(AtomicFile.WriteError) {
        let path = slotPaths[slot]
        var created = false
        var fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0, errno == ENOENT || errno == ELOOP {
            fd = try AtomicFile.createExclusively(path, mode: mode)
            created = true
        } else if fd < 0 {
            throw Self.failure("cannot open \(path)")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Self.failure("cannot stat \(path)") }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw AtomicFile.WriteError(description: "cannot write \(path): not a regular file")
        }
        if UInt32(status.st_mode & 0o7777) != mode, fchmod(fd, mode_t(mode)) != 0 {
            throw Self.failure("cannot chmod \(path)")
        }
        let existing = Int(status.st_size)
        let needed = record.encoded().count
        let rounded = (needed + Self.block - 1) / Self.block * Self.block
        // Keep the file's size unless it would stay over twice what the content needs.
        let keepSize = existing > rounded && existing <= 2 * rounded
        let data = record.encoded(paddedLength: keepSize ? existing : rounded)
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { pwrite(fd, $0.baseAddress! + offset, data.count - offset, off_t(offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("cannot write \(path)")
            }
            offset += written
        }
        if existing > data.count, ftruncate(fd, off_t(data.count)) != 0 {
            throw Self.failure("cannot truncate \(path)")
        }
        guard fdatasync(fd) == 0 else { throw Self.failure("cannot fdatasync \(path)") }
        if created { try AtomicFile.syncDirectory(of: path) }
        newest = (slot, record.generation)
    }

    private static func failure(_ what: String) -> AtomicFile.WriteError {
        AtomicFile.WriteError(description: "\(what): \(String(cString: strerror(errno)))")
    }
}
