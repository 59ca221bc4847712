import Dispatch
import Synchronization

/// Runs async start-up work from the synchronous command entry point and waits for it.
enum BlockingAwait {
    static func run(_ work: @escaping @Sendable () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await work() } catch { failure.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }

    static func value<T: Sendable>(_ work: @escaping @Sendable () async -> T) throws -> T {
        let box = Mutex<T?>(nil)
        try run { box.withLock { $0 = nil }; let result = await work(); box.withLock { $0 = result } }
        return box.withLock { $0 }!
    }
}
