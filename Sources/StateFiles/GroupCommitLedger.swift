/// The bookkeeping of group commit, without threads or files: contents are handed in with
/// increasing generation numbers, only the newest waiting content is written (it supersedes
/// the ones before it, since each is a whole file), and a successful write makes every
/// generation up to it durable at once. `Content` is whatever the writer turns into the
/// file's bytes (the bytes themselves, or a way to render them when written).
///
/// A failed write loses every generation not yet durable, and every one handed in after it
/// until ``reset()``: the owner must first put its state back to the durable generation.
public struct GroupCommitLedger<Content, Waiter, Failure: Error> {
    /// The newest generation handed in.
    public private(set) var submitted: UInt64 = 0
    /// Every generation up to this one is on disk.
    public private(set) var durable: UInt64 = 0
    /// Set by a failed write, cleared by ``reset()``.
    public private(set) var failure: Failure?
    /// Generations up to this one were lost to a failed write (those above `durable`).
    private var lostThrough: UInt64 = 0
    private var lastFailure: Failure?
    private var pending: (generation: UInt64, content: Content)?
    private var waiters: [(generation: UInt64, waiter: Waiter)] = []

    public init() {}

    public enum WaitOutcome {
        case durable
        case lost(Failure)
        case waiting
    }

    /// Hands in the whole new content; returns its generation. While failed the content is
    /// dropped at once (its generation is lost).
    public mutating func submit(_ content: Content) -> UInt64 {
        submitted += 1
        if failure == nil {
            pending = (submitted, content)
        } else {
            lostThrough = submitted
        }
        return submitted
    }

    /// The content waiting to be written, if any (the next ``submit(_:)`` supersedes it).
    public var pendingContent: Content? { pending?.content }

    /// Registers `waiter` for `generation`, unless its outcome is already known.
    public mutating func wait(for generation: UInt64, _ waiter: Waiter) -> WaitOutcome {
        if generation <= durable { return .durable }
        if generation <= lostThrough, let lastFailure { return .lost(lastFailure) }
        waiters.append((generation, waiter))
        return .waiting
    }

    /// The content the writer should write next (the newest handed in), or nil.
    public mutating func takeWrite() -> (generation: UInt64, content: Content)? {
        defer { pending = nil }
        return pending
    }

    /// The write of `generation` is on disk: returns the waiters now satisfied.
    public mutating func written(_ generation: UInt64) -> [Waiter] {
        durable = max(durable, generation)
        return removeWaiters { $0 <= generation }
    }

    /// The write of `generation` failed: every generation not yet durable is lost, and so
    /// are later ones until ``reset()``. Returns every waiter (all of them have lost).
    public mutating func writeFailed(_ generation: UInt64, _ error: Failure) -> [Waiter] {
        failure = error
        lastFailure = error
        pending = nil
        lostThrough = submitted
        return removeWaiters { _ in true }
    }

    /// The owner has gone back to the durable state; new contents are written again.
    public mutating func reset() {
        failure = nil
    }

    private mutating func removeWaiters(where matches: (UInt64) -> Bool) -> [Waiter] {
        var released: [Waiter] = []
        waiters.removeAll { entry in
            guard matches(entry.generation) else { return false }
            released.append(entry.waiter)
            return true
        }
        return released
    }
}
