import Glibc

/// Waits for SIGTERM or SIGINT without losing one that arrives early: the signals are
/// blocked before any thread starts (threads inherit the mask), so a signal sent while
/// the daemon is still starting stays pending until `waitForTermination` takes it.
/// SIGHUP is taken the same way and does not stop the daemon: there is nothing to reload
/// (configuration changes come through NETCONF), so it is only reported.
enum SignalWaiter {
    private static func handledSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGHUP)
        return set
    }

    /// Call first thing, before threads exist.
    static func blockTerminationSignals() {
        var set = handledSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Returns the signal number received (SIGTERM or SIGINT); each SIGHUP before calls
    /// `hangup` and goes on waiting.
    @discardableResult
    static func waitForTermination(hangup: () -> Void = {}) -> Int32 {
        var set = handledSignals()
        while true {
            var received: Int32 = 0
            guard sigwait(&set, &received) == 0 else { continue }
            if received == SIGHUP {
                hangup()
                continue
            }
            return received
        }
    }
}
