/// The commit history with each record encoded for the running file once, when it is
/// recorded or annotated (not at every write): a commit costs the file one more string to
/// join. Pure.
struct StoredCommitHistory: Sendable {
    private(set) var history: CommitHistory
    /// `history.records`, encoded (``CommitHistoryCoding/encode(_:)``), in the same order.
    private var encoded: [String]
    /// Counts the labels and comments set: an archived record changed (``HistoryArchive``).
    private(set) var revision: UInt64 = 0

    init(_ history: CommitHistory) {
        self.history = history
        encoded = history.records.map(CommitHistoryCoding.encode)
    }

    var isEnabled: Bool { history.isEnabled }

    @discardableResult
    mutating func append(_ draft: CommitRecord) -> CommitRecord {
        let record = history.append(draft)
        guard history.isEnabled else { return record }
        encoded.append(CommitHistoryCoding.encode(record))
        if encoded.count > history.records.count { encoded.removeFirst(encoded.count - history.records.count) }
        return record
    }

    mutating func annotate(_ id: UInt64, label: String?, comment: String?) throws(CommitLookupError) {
        try history.annotate(id, label: label, comment: comment)
        revision += 1
        guard let index = history.records.firstIndex(where: { $0.id == id }) else { return }
        encoded[index] = CommitHistoryCoding.encode(history.records[index])
    }

    /// The `<commit-history>` element of the running file; nil when the history is off (the
    /// file then holds running alone, as before the history existed).
    var fileText: String? { fileText(after: 0) }

    /// ``fileText`` with only the records newer than `id` (the others are archived); the
    /// next id is always there.
    func fileText(after id: UInt64) -> String? {
        guard history.isEnabled else { return nil }
        let start = history.records.lastIndex { $0.id <= id }.map { $0 + 1 } ?? 0
        return CommitHistoryCoding.document(nextID: history.nextID, encodedRecords: Array(encoded[start...]))
    }
}
