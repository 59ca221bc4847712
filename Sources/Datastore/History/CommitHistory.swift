import XMLSupport

/// The bounded commit history: the newest `limit` commits, oldest first, and the id the next
/// commit gets. Pure: the datastore saves it with running (``CommitHistoryCoding``).
public struct CommitHistory: Sendable, Hashable {
    /// How many commits are kept; 0 turns the history off (nothing recorded or saved).
    public let limit: Int
    public private(set) var records: [CommitRecord]
    /// The id of the next commit: one more than the newest ever recorded, so ids are never
    /// reused, also after older commits were dropped.
    public private(set) var nextID: UInt64

    public init(limit: Int, records: [CommitRecord] = [], nextID: UInt64 = 1) {
        self.limit = max(limit, 0)
        self.records = records.count > self.limit ? Array(records.suffix(self.limit)) : records
        self.nextID = max(nextID, (records.last?.id ?? 0) + 1)
    }

    public var isEnabled: Bool { limit > 0 }

    public var newest: CommitRecord? { records.last }

    /// Records `draft` under the next id (its own id is ignored) and drops the oldest
    /// commits beyond the limit; returns the record. Nothing is kept when the history is off.
    @discardableResult
    public mutating func append(_ draft: CommitRecord) -> CommitRecord {
        var record = draft
        record.id = nextID
        guard isEnabled else { return record }
        nextID += 1
        records.append(record)
        if records.count > limit { records.removeFirst(records.count - limit) }
        return record
    }

    /// The commit `id`, or why there is none.
    public func record(_ id: UInt64) throws(CommitLookupError) -> CommitRecord {
        try records[index(of: id)]
    }

    /// The commits after `id`, oldest first: the diffs that lead from `id`'s configuration
    /// to running's (undone newest first, they rebuild it).
    public func records(after id: UInt64) throws(CommitLookupError) -> ArraySlice<CommitRecord> {
        records[(try index(of: id) + 1)...]
    }

    /// Sets (or, with an empty string, removes) the label and the comment of commit `id`;
    /// nil leaves one as it is.
    public mutating func annotate(_ id: UInt64, label: String?, comment: String?) throws(CommitLookupError) {
        let index = try index(of: id)
        if let label { records[index].label = label.isEmpty ? nil : label }
        if let comment { records[index].comment = comment.isEmpty ? nil : comment }
    }

    /// Parses a commit id as given in an RPC (a decimal uint64).
    public static func parseID(_ text: String) throws(CommitLookupError) -> UInt64 {
        let trimmed = text.trimmingXMLWhitespace()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (48...57).contains($0) }), let id = UInt64(trimmed) else {
            throw .malformed(text)
        }
        return id
    }

    private func index(of id: UInt64) throws(CommitLookupError) -> Int {
        guard isEnabled else { throw .historyOff }
        guard let first = records.first, id >= first.id else {
            if let first = records.first, id < first.id, id >= 1 { throw .dropped(id: id, oldest: first.id) }
            throw .unknown(id: id, newest: records.last?.id)
        }
        // Ids are increasing but not dense after a restart with history off in between.
        var low = 0
        var high = records.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if records[middle].id == id { return middle }
            if records[middle].id < id { low = middle + 1 } else { high = middle - 1 }
        }
        throw .unknown(id: id, newest: records.last?.id)
    }
}
