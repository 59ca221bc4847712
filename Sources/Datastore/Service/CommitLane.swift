/// A first-come, first-served lane for the steps of a commit that must not interleave:
/// from the applier's prepare to running being replaced. The datastore actor suspends at
/// those awaits (the engine prepares on its own thread), and another session's commit must
/// not prepare against a running configuration that is about to change.
///
/// Used only from inside the datastore actor, so its state needs no lock of its own.
struct CommitLane {
    private var busy = false
    private var queue: [CheckedContinuation<Void, Never>] = []

    /// True when the caller may go on at once; otherwise it must wait with ``enqueue(_:)``.
    mutating func tryEnter() -> Bool {
        guard !busy else { return false }
        busy = true
        return true
    }

    /// How many are waiting for the lane.
    var waiting: Int { queue.count }

    mutating func enqueue(_ continuation: CheckedContinuation<Void, Never>) {
        queue.append(continuation)
    }

    /// Hands the lane to the next waiter, or frees it.
    mutating func leave() {
        if queue.isEmpty {
            busy = false
        } else {
            queue.removeFirst().resume()
        }
    }
}

extension DatastoreService {
    /// How many commits wait for the one in the lane (meridian-commits `commits-waiting`).
    var commitsWaitingForLane: Int { commitLane.waiting }

    /// Runs `body` alone in the commit lane.
    func inCommitLane<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        if !commitLane.tryEnter() {
            await withCheckedContinuation { commitLane.enqueue($0) }
        }
        defer { commitLane.leave() }
        return try await body()
    }
}
