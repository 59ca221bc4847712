import Dispatch
import Glibc
import OSThreads
import Synchronization

/// A few threads that check passwords, so that a password hash (yescrypt: about 20 ms of
/// CPU and 16 MiB of memory each, on purpose) never runs on the reactor thread.
///
/// The threads run at a lower scheduling priority (nice +10): under a password-guessing
/// flood they take the CPU that established sessions, the reactor and the NTP engine leave
/// over, not theirs. The queue is bounded; the reactor submits at most one check per
/// connection that is logging in, and those connections are bounded by `MaxStartups`.
final class PasswordCheckPool: Sendable {
    /// Lets the submitter call off a check that has not started (its connection ended).
    final class Ticket: Sendable {
        private let cancelled = Atomic<Bool>(false)
        var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
        func cancel() { cancelled.store(true, ordering: .relaxed) }
    }

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let available = DispatchSemaphore(value: 0)
    private let capacity: Int
    private let stopping = Atomic<Bool>(false)
    let threads: Int

    /// The default thread count: one per two cores, one at least and two at most.
    static var defaultThreads: Int { max(1, min(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) / 2)) }

    /// Starts `threads` threads; at most `capacity` checks wait at once.
    init(threads: Int, capacity: Int) {
        self.threads = max(1, threads)
        self.capacity = capacity
        for index in 0..<self.threads {
            OSThread.detach(name: "ssh-password-\(index)") { [self] in
                OSThread.setNice(10)
                work()
            }
        }
    }

    /// Queues `check`; false when the queue is full (the caller refuses the attempt).
    func submit(_ check: @escaping @Sendable () -> Void) -> Bool {
        let queued = jobs.withLock { jobs -> Bool in
            guard jobs.count < capacity else { return false }
            jobs.append(check)
            return true
        }
        if queued { available.signal() }
        return queued
    }

    /// Ends the threads once each has finished the check it is running; queued checks are dropped.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        jobs.withLock { $0.removeAll() }
        for _ in 0..<threads { available.signal() }
    }

    private func work() {
        while true {
            available.wait()
            if stopping.load(ordering: .acquiring) { return }
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }
}
