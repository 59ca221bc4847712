import YangData

/// The running configurations handed to the file writer and not yet known superseded on
/// disk, by the writer's generation: where running goes back to when a write fails. The
/// newest entry is running's (with the commit history saved with it).
struct SavedRunning {
    typealias Entry = (generation: UInt64, tree: DataTree, configuration: ValidatedConfiguration, history: StoredCommitHistory)

    private var entries: [Entry]

    init(_ tree: DataTree, history: StoredCommitHistory = StoredCommitHistory(CommitHistory(limit: 0))) {
        entries = [(0, tree, .empty, history)]
    }

    /// The writer's generation that holds running (0: nothing handed to the writer yet).
    var generation: UInt64 { entries[entries.count - 1].generation }

    /// Running handed to the writer as `generation`; the entries older than the newest one
    /// on disk (`durable`) are released.
    mutating func append(_ entry: Entry, durable: UInt64) {
        entries.append(entry)
        if let newest = entries.lastIndex(where: { $0.generation <= durable }), newest > 0 {
            entries.removeFirst(newest)
        }
    }

    /// After a failed write: the newest configuration on disk (`durable`), which becomes the
    /// only one kept.
    mutating func goBack(durable: UInt64) -> Entry {
        let entry = entries[entries.lastIndex(where: { $0.generation <= durable }) ?? 0]
        entries = [entry]
        return entry
    }
}
