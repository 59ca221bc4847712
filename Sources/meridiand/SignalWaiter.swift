import Glibc

/// Waits for SIGTERM or SIGINT without losing one that arrives early: the signals are
/// blocked before any thread starts (threads inherit the mask), so a signal sent while
/// the daemon is still starting stays pending until `waitForTermination` takes it.
enum SignalWaiter {
    private static func terminationSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }

    /// Call first thing, before threads exist.
    static func blockTerminationSignals() {
        var set = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Returns the signal number received.
    @discardableResult
    static func waitForTermination() -> Int32 {
        var set = terminationSignals()
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }
}
