import Datastore
import NetconfModel
import Synchronization
import YangData

/// Records what the commit pipeline asks of the applier, and fails prepare on demand
/// (the clixon `-V` fault-injection idea).
final class FakeConfigApplier: ConfigApplier, @unchecked Sendable {
    struct Record: Sendable { var prepared = 0, applied = 0, aborted = 0, lastApplied: [DataNode] = [] }
    let state = Mutex(Record())
    let failPrepare = Atomic<Bool>(false)
    /// Prepares from this one on (counted from 1) fail too.
    let failPreparesFrom = Atomic<Int>(.max)
    /// When set, prepare waits until the gate opens (a commit held inside the commit lane).
    let prepareGate = Mutex<Gate?>(nil)

    func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange {
        let count = state.withLock { $0.prepared += 1; return $0.prepared }
        if let gate = prepareGate.withLock({ $0 }) { await gate.wait() }
        if failPrepare.load(ordering: .relaxed) || count >= failPreparesFrom.load(ordering: .relaxed) {
            throw ApplyFailure([.operationFailed("cannot bind the source address", path: "/ietf-system:system/ntp", appTag: "bind-failed")])
        }
        let nodes = new.nodes
        return PreparedChange(
            apply: {
                self.state.withLock { $0.applied += 1; $0.lastApplied = nodes }
                return .done
            },
            abort: { self.state.withLock { $0.aborted += 1 } })
    }

    var record: Record { state.withLock { $0 } }
}

/// A semantic validator that reports one error at a fixed path, without declaring its prefixes.
struct PathOnlyValidator: ConfigValidator {
    let path: String

    func validate(_ config: ValidatedConfiguration) -> [RPCError] {
        [RPCError(type: .application, tag: .invalidValue, appTag: "test-rule", path: path, message: "broken")]
    }
}

/// A one-shot barrier: `wait()` returns once `open()` was called.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
