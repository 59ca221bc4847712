/// What made running change, as the commit history names it (meridian-commits `kind`).
public enum CommitKind: String, Sendable, Hashable, CaseIterable {
    /// A plain `<commit>`.
    case commit
    /// A `<commit><confirmed/>` that starts or extends a confirmed commit.
    case confirmedCommit = "confirmed-commit"
    /// The `<commit>` that confirms a pending confirmed commit.
    case confirmingCommit = "confirming-commit"
    /// Running went back to the configuration before a confirmed commit (timeout,
    /// cancel-commit, the end of its session, a restart); the record's comment says why.
    case confirmedCommitRollback = "confirmed-commit-rollback"
    /// A `mcmt:rollback` with `commit`: the configuration of an earlier commit, committed at once.
    case rollback
    /// The configuration loaded at start (startup after a host boot, or the initial one).
    case load
}
