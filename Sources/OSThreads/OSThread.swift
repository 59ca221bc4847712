import Glibc
internal import CSystemShims

/// A detached POSIX thread running one closure: what the daemon's long-lived loops (the SSH
/// reactor, the NTP engine) and short resolver jobs need, without linking Foundation (whose
/// libraries alone add ~8 MiB of resident pages to the process).
public enum OSThread {
    /// Starts `body` on a new detached thread named `name` (at most 15 bytes are kept).
    /// Returns false when the system cannot create a thread.
    @discardableResult
    public static func detach(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(Job(name: name, body: body)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { argument in
            let job = Unmanaged<Job>.fromOpaque(argument!).takeRetainedValue()
            _ = meridian_set_thread_name(job.name)
            job.body()
            return nil
        }, box)
        if result != 0 {
            Unmanaged<Job>.fromOpaque(box).release()
            return false
        }
        return true
    }

    /// Lowers (or, with privilege, raises) the calling thread's scheduling priority to the
    /// nice value `nice`; false if the system refused.
    @discardableResult
    public static func setNice(_ nice: Int32) -> Bool {
        meridian_set_thread_nice(nice) == 0
    }

    private final class Job {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
