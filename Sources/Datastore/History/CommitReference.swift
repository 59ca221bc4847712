import XMLSupport

/// One side of `mcmt:compare`: a commit of the history, or a datastore as it is now.
public enum CommitReference: Sendable, Hashable {
    case commit(UInt64)
    case running
    case candidate

    /// `running`, `candidate` or a commit id, as the RPC gives it.
    public static func parse(_ text: String) throws(CommitLookupError) -> CommitReference {
        switch text.trimmingXMLWhitespace() {
        case "running": return .running
        case "candidate": return .candidate
        default: return .commit(try CommitHistory.parseID(text))
        }
    }
}
