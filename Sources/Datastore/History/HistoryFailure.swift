import NetconfModel

/// Why a history operation failed: the id names no commit kept, or the configuration of a
/// commit could not be rebuilt from the diffs.
enum HistoryFailure: Error {
    case lookup(CommitLookupError)
    case rebuild(UInt64, RPCError)

    var rpcError: RPCError {
        switch self {
        case .lookup(let error): return error.rpcError
        case .rebuild(let id, var error):
            error.message = "cannot rebuild the configuration of commit \(id): \(error.message ?? "\(error.tag)")"
            return error
        }
    }
}
