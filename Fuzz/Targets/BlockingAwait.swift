import Dispatch

/// Runs `body` on the cooperative pool and waits for it on this thread: libFuzzer calls a
/// target synchronously, and the datastore is an actor. Never call it from the pool itself.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// The result, written by the task before it signals and read after the wait.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
