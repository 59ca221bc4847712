/// One commit in the history: who, when, what it did to the configuration (the libyang diff,
/// kept to rebuild earlier configurations, and the edits shown from it) and what the
/// applier executed for it.
public struct CommitRecord: Sendable, Hashable {
    /// Monotonic, never reused (also across restarts: the next id is saved with the history).
    public var id: UInt64
    /// When running changed (`yang:date-and-time`, UTC).
    public var time: String
    public var author: CommitAuthor
    public var kind: CommitKind
    public var label: String?
    public var comment: String?
    /// The commit whose configuration this one installed, when it came from `mcmt:rollback`.
    public var rolledBackTo: UInt64?
    /// libyang's diff from the configuration before to the one after, as XML (empty: no change).
    public var diff: String
    public var edits: [CommitEdit]
    public var steps: [ConfigStep]

    public init(
        id: UInt64, time: String, author: CommitAuthor, kind: CommitKind, label: String? = nil, comment: String? = nil,
        rolledBackTo: UInt64? = nil, diff: String, edits: [CommitEdit], steps: [ConfigStep]
    ) {
        self.id = id
        self.time = time
        self.author = author
        self.kind = kind
        self.label = label
        self.comment = comment
        self.rolledBackTo = rolledBackTo
        self.diff = diff
        self.edits = edits
        self.steps = steps
    }
}
