import NetconfModel
import StateFiles

/// The persisted datastores under the state directory: running (written on every commit,
/// alternating between the slots `running-a.xml` and `running-b.xml`, see ``SlotFile``) and
/// `startup.xml` (the :startup capability, replaced atomically). Configurations go through
/// `secrets` on their way to and from a file, so their secrets are never in clear at rest.
struct DatastoreFiles: Sendable {
    let directory: String
    let secrets: any StoredSecrets

    var running: SlotFile { SlotFile(directory: directory, name: "running") }
    var startupPath: String { directory + "/startup.xml" }
    /// Running as it was before a confirmed commit that is not confirmed yet: present exactly
    /// while one is pending, so a restart before confirmation rolls back (RFC 6241 §8.4).
    var confirmedRollbackPath: String { directory + "/confirmed-rollback.xml" }
    /// The id of the host boot in which running was last loaded or saved (``BootIdentity``).
    var bootRecordPath: String { directory + "/boot-id" }

    /// The newest running configuration saved, secrets in clear (nil on a fresh state
    /// directory), and the commit history saved with it (nil when none was).
    func readRunning() throws(ApplyFailure) -> (configuration: String, history: String?)? {
        guard let (path, bytes) = running.readNamingFile() else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.firstRange(of: CommitHistoryCoding.marker) else { return (try opened(text, from: path), nil) }
        let history: String
        do { history = try secrets.openingHistory(String(text[split.upperBound...])) } catch {
            throw ApplyFailure([.operationFailed("cannot load the commit history in \(path): \(error)")])
        }
        return (try opened(String(text[..<split.lowerBound]), from: path), history)
    }

    /// The archived commit records (``HistoryArchive``), in clear; nil when there are none.
    func readHistoryArchive(_ archive: HistoryArchive?) throws(ApplyFailure) -> String? {
        guard let archive, let text = archive.read() else { return nil }
        do { return try secrets.openingHistory(text) } catch {
            throw ApplyFailure([.operationFailed("cannot load the commit history in \(archive.file.slotPaths[0]): \(error)")])
        }
    }

    /// The configuration saved at `path`, secrets in clear (nil when there is none).
    func readConfiguration(_ path: String) throws(ApplyFailure) -> String? {
        guard let xml = read(path) else { return nil }
        return try opened(xml, from: path)
    }

    /// Saves a configuration as printed, its secrets sealed.
    func writeConfiguration(_ xml: String, to path: String) throws(AtomicFile.WriteError) {
        try write(try sealed(xml), to: path)
    }

    /// `xml` as a file holds it.
    func sealed(_ xml: String) throws(AtomicFile.WriteError) -> String {
        do { return try secrets.sealing(xml) } catch {
            throw AtomicFile.WriteError(description: "cannot seal the secrets of the configuration: \(error)")
        }
    }

    private func opened(_ xml: String, from path: String) throws(ApplyFailure) -> String {
        do { return try secrets.opening(xml) } catch {
            throw ApplyFailure([.operationFailed("cannot load \(path): \(error)")])
        }
    }

    func read(_ path: String) -> String? {
        AtomicFile.read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    func write(_ text: String, to path: String) throws(AtomicFile.WriteError) {
        try AtomicFile.write(text, to: path, mode: 0o600)
    }

    func remove(_ path: String) -> Bool {
        AtomicFile.remove(path)
    }
}
