import StateFiles

/// The persisted datastores under the state directory: running (written on every commit,
/// alternating between the slots `running-a.xml` and `running-b.xml`, see ``SlotFile``) and
/// `startup.xml` (the :startup capability, replaced atomically).
struct DatastoreFiles: Sendable {
    let directory: String

    var running: SlotFile { SlotFile(directory: directory, name: "running") }
    var startupPath: String { directory + "/startup.xml" }
    /// Running as it was before a confirmed commit that is not confirmed yet: present exactly
    /// while one is pending, so a restart before confirmation rolls back (RFC 6241 §8.4).
    var confirmedRollbackPath: String { directory + "/confirmed-rollback.xml" }
    /// The id of the host boot in which running was last loaded or saved (``BootIdentity``).
    var bootRecordPath: String { directory + "/boot-id" }

    /// The newest running configuration saved (nil on a fresh state directory).
    func readRunning() -> String? {
        running.read().map { String(decoding: $0, as: UTF8.self) }
    }

    func read(_ path: String) -> String? {
        AtomicFile.read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    func write(_ xml: String, to path: String) throws(AtomicFile.WriteError) {
        try AtomicFile.write(xml, to: path, mode: 0o600)
    }

    func remove(_ path: String) -> Bool {
        AtomicFile.remove(path)
    }
}
