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
