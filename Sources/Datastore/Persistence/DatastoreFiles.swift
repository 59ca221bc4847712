import StateFiles

/// The persisted datastores under the state directory: `running.xml` (replaced atomically
/// on every commit) and `startup.xml` (the :startup capability).
struct DatastoreFiles: Sendable {
    let directory: String

    var runningPath: String { directory + "/running.xml" }
    var startupPath: String { directory + "/startup.xml" }

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
