import NTPCore

/// Host names that do not resolve: the failure is kept for `<get>` and the name is looked up
/// again after 2 s, then twice as long each time, at most every 300 s.
extension EngineCore {
    /// The resolver found nothing for `host` (`reason` says why).
    func resolutionFailed(host: String, reason: String) {
        pendingResolutions.remove(host)
        guard isWaitingForResolution(host) else {
            resolutionFailures[host] = nil
            return
        }
        let now = hostClock.read().monotonic
        let attempts = (resolutionFailures[host]?.attempts ?? 0) + 1
        resolutionFailures[host] = HostResolutionFailure(
            lastError: reason, attempts: attempts,
            nextRetry: now + .seconds(HostResolutionFailure.retryDelay(afterAttempts: attempts)))
    }

    /// Hands the names whose retry is due to the owner again.
    func retryResolutions(now: MonotonicInstant) {
        for (host, failure) in resolutionFailures where !failure.retrying && failure.nextRetry <= now {
            guard isWaitingForResolution(host) else {
                resolutionFailures[host] = nil
                continue
            }
            resolutionFailures[host]!.retrying = true
            pendingResolutions.insert(host)
        }
    }

    /// A configured association still waits for `host`'s address.
    func isWaitingForResolution(_ host: String) -> Bool {
        records.values.contains { $0.remote == nil && $0.settings?.host == host }
    }
}
