/// What the last rollback of a confirmed commit was for and how it ended.
struct RollbackRecord: Sendable {
    let time = UTCTimestamp.now()
    /// Why running went back (confirm-timeout, cancel-commit, session N ended, a restart).
    let reason: String
    /// Why it failed; nil when running is back.
    let failure: String?
}
