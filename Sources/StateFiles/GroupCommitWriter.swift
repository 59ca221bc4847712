import Dispatch
import OSThreads
import Synchronization

/// Writes one file durably (a ``DurableFile``) on its own thread, with group
/// commit: contents handed in while a write and its fsyncs are under way are coalesced, and
/// the next write (of the newest) makes all of them durable. Callers hand in a content, go
/// on, and await its durability later; the file never goes backwards.
///
/// A content can be handed in as a rendering: the writer thread renders only the newest
/// content when it writes, so contents superseded before their write are never rendered, and
/// the rendering costs the callers nothing.
public final class GroupCommitWriter: Sendable {
    /// Produces the file's bytes on the writer thread; a thrown error fails the write.
    public typealias Rendering = @Sendable () throws(AtomicFile.WriteError) -> [UInt8]

    private let shared: Shared

    /// Writes `file` from now on (the writer's thread is its only user).
    public init(file: some DurableFile) {
        shared = Shared(file: file)
        let shared = self.shared
        OSThread.detach(name: "state-writer") { shared.run() }
    }

    /// Writes the plain file at `path`, each time replaced atomically.
    public convenience init(path: String, mode: UInt32 = 0o600) {
        self.init(file: AtomicallyReplacedFile(path: path, mode: mode))
    }

    deinit {
        shared.stop()
    }

    /// Hands in the whole new content of the file; returns its generation at once.
    public func submit(_ bytes: [UInt8]) -> UInt64 {
        submit { () throws(AtomicFile.WriteError) in bytes }
    }

    /// Hands in the whole new content of the file as a rendering, run on the writer thread if
    /// this content is still the newest when the next write starts; returns its generation.
    public func submit(_ rendering: @escaping Rendering) -> UInt64 {
        // A superseded rendering may hold the last reference to what it renders: it is
        // released here, outside the lock.
        let (generation, superseded) = shared.ledger.withLock { ledger in
            let superseded = ledger.pendingContent
            return (ledger.submit(rendering), superseded)
        }
        shared.wake.signal()
        _ = superseded
        return generation
    }

    /// Returns when `generation` (or a later one) is on disk; throws when it was lost to a
    /// failed write.
    public func waitDurable(_ generation: UInt64) async throws(AtomicFile.WriteError) {
        let result: Result<Void, AtomicFile.WriteError> = await withCheckedContinuation { continuation in
            let outcome = shared.ledger.withLock { $0.wait(for: generation, continuation) }
            switch outcome {
            case .durable: continuation.resume(returning: .success(()))
            case .lost(let error): continuation.resume(returning: .failure(error))
            case .waiting: break
            }
        }
        try result.get()
    }

    /// Writes `bytes` and waits for them: one durable write, in order with the others.
    public func write(_ bytes: [UInt8]) async throws(AtomicFile.WriteError) {
        try await waitDurable(submit(bytes))
    }

    /// The newest generation handed in.
    public var submittedGeneration: UInt64 { shared.ledger.withLock { $0.submitted } }

    /// The newest generation on disk.
    public var durableGeneration: UInt64 { shared.ledger.withLock { $0.durable } }

    /// True from a failed write until ``reset()``: contents handed in meanwhile are lost.
    public var hasFailed: Bool { shared.ledger.withLock { $0.failure != nil } }

    /// Resumes writing after a failure, once the owner has gone back to the durable state.
    public func reset() {
        shared.ledger.withLock { $0.reset() }
    }

    typealias Ledger = GroupCommitLedger<Rendering, CheckedContinuation<Result<Void, AtomicFile.WriteError>, Never>, AtomicFile.WriteError>

    final class Shared: Sendable {
        /// Taken over by the writer thread when it starts.
        let file: any DurableFile
        let ledger = Mutex(Ledger())
        let wake = DispatchSemaphore(value: 0)
        private let stopped = Atomic<Bool>(false)

        init(file: any DurableFile) {
            self.file = file
        }

        func stop() {
            stopped.store(true, ordering: .releasing)
            wake.signal()
        }

        /// The writer thread: one write per wake-up, of the newest content handed in.
        func run() {
            var file = file
            while true {
                wake.wait()
                if stopped.load(ordering: .acquiring) { return }
                guard let job = ledger.withLock({ $0.takeWrite() }) else { continue }
                let released: [CheckedContinuation<Result<Void, AtomicFile.WriteError>, Never>]
                let result: Result<Void, AtomicFile.WriteError>
                do {
                    try file.replace(with: try job.content())
                    result = .success(())
                    released = ledger.withLock { $0.written(job.generation) }
                } catch {
                    result = .failure(error)
                    released = ledger.withLock { $0.writeFailed(job.generation, error) }
                }
                for continuation in released { continuation.resume(returning: result) }
            }
        }
    }
}
