public import NetconfModel

/// Why a commit id names no commit of the history: it was never given, or it fell out of the
/// bounded history. Both are `invalid-value` naming the id (the RPC's parameter is wrong).
public enum CommitLookupError: Error, Sendable, Hashable {
    case unknown(id: UInt64, newest: UInt64?)
    case dropped(id: UInt64, oldest: UInt64)
    case malformed(String)
    case historyOff

    public var rpcError: RPCError {
        let message: String
        switch self {
        case .unknown(let id, let newest):
            message = "no commit \(id): " + (newest.map { "the newest commit is \($0)" } ?? "no commit is recorded yet")
        case .dropped(let id, let oldest):
            message = "commit \(id) is no longer in the commit history (the oldest kept is \(oldest))"
        case .malformed(let text):
            message = "'\(text)' is not a commit id"
        case .historyOff:
            message = "the commit history is off (meridiand run --commit-history 0)"
        }
        var error = RPCError.invalidValue(message, type: .application, appTag: "commit-not-in-history")
        if case .historyOff = self { error = .operationFailed(message, type: .application, appTag: "commit-history-off") }
        return error
    }
}
