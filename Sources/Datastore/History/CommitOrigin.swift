import YangData

/// What the commit path knows of a commit before running is installed: who, which kind, and
/// the configuration the diff starts from when it is not running (a load at start diffs
/// against the configuration saved before it).
struct CommitOrigin {
    var author: CommitAuthor
    var kind: CommitKind
    var comment: String?
    /// The commit installs the candidate (a `<commit>`), which `mcmt:rollback` may have filled.
    var takesCandidate = false
    /// A configuration the diff starts from other than running, as saved XML.
    var base: String?
    /// The separable lists whose untouched entries are as in running (a commit's check
    /// plan): the diff leaves them out of both trees, so it costs what the commit changed,
    /// not the size of the configuration.
    var unchangedEntries: [(list: SeparableLists.List, keep: Set<String>)]?
    /// The only nodes the commit can have changed, when they are all entries of separable
    /// lists (``CandidateChanges/onlyEntries(since:)``): the diff compares those entries alone.
    var onlyEntries: Set<String>?

    init(author: CommitAuthor, kind: CommitKind, comment: String? = nil, base: String? = nil) {
        self.author = author
        self.kind = kind
        self.comment = comment
        self.base = base
    }

    /// The origin of a `<commit>` once the confirmed-commit tracker has classified it; a kind
    /// given by the caller (`mcmt:rollback`) stays.
    func committing(
        _ tracked: ConfirmedCommitTracker<ContinuousClock.Instant, String>.CommitKind, plan: CommitCheckPlan?,
        entries: Set<String>?
    ) -> CommitOrigin {
        var origin = self
        origin.takesCandidate = true
        origin.unchangedEntries = plan?.lists
        origin.onlyEntries = entries
        guard kind == .commit else { return origin }
        switch tracked {
        case .plain: origin.kind = .commit
        case .confirmedStarted, .confirmedExtended: origin.kind = .confirmedCommit
        case .confirming: origin.kind = .confirmingCommit
        }
        return origin
    }
}
