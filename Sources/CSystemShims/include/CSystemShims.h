#ifndef MERIDIAN_CSYSTEMSHIMS_H
#define MERIDIAN_CSYSTEMSHIMS_H
#include <stddef.h>

/// Hashes `phrase` with the setting string `setting` (e.g. a "$y$..." salt) using
/// the system's libxcrypt. Writes a NUL-terminated hash into `out`.
/// Returns 0 on success, -1 on failure (unsupported method, bad setting, short buffer).
int meridian_crypt(const char *phrase, const char *setting, char *out, size_t out_len);

/// Creates a fresh setting (salt) string for `prefix` ("$y$" yescrypt, "$6$" SHA-512)
/// with the library's default cost, using the kernel's random source.
/// Returns 0 on success, -1 on failure.
int meridian_crypt_gensalt(const char *prefix, unsigned long count, char *out, size_t out_len);

#endif

#ifndef MERIDIAN_CSYSTEMSHIMS_EVENTFD
#define MERIDIAN_CSYSTEMSHIMS_EVENTFD
/// An eventfd(2) in non-blocking, close-on-exec mode, or -1 with errno set.
int meridian_eventfd(void);
/// Names the calling thread (first 15 bytes kept), as ps and top show it.
int meridian_set_thread_name(const char *name);
/// Sets the calling thread's nice value (Linux: per thread). Returns 0 or -1 with errno set.
int meridian_set_thread_nice(int nice);

#endif

#ifndef MERIDIAN_CSYSTEMSHIMS_PRIVILEGES
#define MERIDIAN_CSYSTEMSHIMS_PRIVILEGES
#include <stdint.h>
// Capability masks are bit sets of CAP_* numbers (1 << CAP_NET_BIND_SERVICE, ...).
// Functions return 0 or -errno; on failure `*step` names the call that failed.

/// The process's thread count (from /proc/self/status), or -errno.
int meridian_thread_count(void);
/// The calling thread's permitted and effective capability sets.
int meridian_capabilities(uint64_t *permitted, uint64_t *effective);
/// Run as root, in a process with one thread: drops the bounding set to `keep`, clears the
/// supplementary groups, sets real, effective and saved ids to `uid`/`gid`, leaves exactly
/// `keep` permitted and effective (inheritable and ambient empty), sets no_new_privs, and
/// checks that the way back to uid 0 is closed.
int meridian_switch_user(uint32_t uid, uint32_t gid, uint64_t keep, const char **step);
/// Without changing user, in a process with one thread: permitted and effective become
/// `keep` ∩ permitted, inheritable and ambient empty, the bounding set `keep` when
/// CAP_SETPCAP allows it, no_new_privs set.
int meridian_limit_capabilities(uint64_t keep, const char **step);

#endif
