// Giving up root: the calls glibc does not wrap (capget, capset) and the order they must
// come in. Linux keeps capabilities per thread, and glibc's set*id broadcast does not cover
// capset, so every function that changes the sets refuses to run in a process that already
// has a second thread: threads started afterwards inherit the caller's sets.
#define _GNU_SOURCE
#include "CSystemShims.h"
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fail(const char **step, const char *name) {
    int saved = errno ? errno : EPERM;
    if (step) *step = name;
    return -saved;
}

int meridian_thread_count(void) {
    FILE *status = fopen("/proc/self/status", "re");
    if (!status) return -errno;
    char line[256];
    int threads = -ENOENT;
    while (fgets(line, sizeof line, status)) {
        if (sscanf(line, "Threads: %d", &threads) == 1) break;
    }
    fclose(status);
    return threads;
}

static int read_sets(uint64_t *permitted, uint64_t *effective, uint64_t *inheritable) {
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    if (permitted) *permitted = (uint64_t)data[1].permitted << 32 | data[0].permitted;
    if (effective) *effective = (uint64_t)data[1].effective << 32 | data[0].effective;
    if (inheritable) *inheritable = (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
    return 0;
}

static int write_sets(uint64_t permitted, uint64_t effective) {
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    memset(data, 0, sizeof data);
    data[0].permitted = (uint32_t)permitted;
    data[1].permitted = (uint32_t)(permitted >> 32);
    data[0].effective = (uint32_t)effective;
    data[1].effective = (uint32_t)(effective >> 32);
    return (int)syscall(SYS_capset, &header, data);
}

int meridian_capabilities(uint64_t *permitted, uint64_t *effective) {
    return read_sets(permitted, effective, NULL) == 0 ? 0 : -errno;
}

/// Drops from the bounding set every capability not in `keep` (needs CAP_SETPCAP, so
/// nothing is done without it: then whoever started us chose the bounding set).
static int limit_bounding_set(uint64_t keep, const char **step) {
    uint64_t effective = 0;
    if (read_sets(NULL, &effective, NULL) != 0) return fail(step, "capget");
    if (!(effective & (1ULL << CAP_SETPCAP))) return 0;
    for (int cap = 0; cap < 64; cap++) {
        if (keep & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) break;  // past the kernel's last capability
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) return fail(step, "prctl(PR_CAPBSET_DROP)");
    }
    return 0;
}

/// Permitted and effective := `keep`, inheritable and ambient empty, no new privileges.
static int settle(uint64_t keep, const char **step) {
    if (write_sets(keep, keep) != 0) return fail(step, "capset");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        return fail(step, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail(step, "prctl(PR_SET_NO_NEW_PRIVS)");
    uint64_t permitted = 0, effective = 0, inheritable = 0;
    if (read_sets(&permitted, &effective, &inheritable) != 0) return fail(step, "capget");
    if (permitted != keep || effective != keep || inheritable != 0) {
        errno = EPERM;
        return fail(step, "capget (capabilities left over)");
    }
    return 0;
}

static int single_threaded(const char **step) {
    int threads = meridian_thread_count();
    if (threads == 1) return 0;
    if (step) *step = threads < 0 ? "counting threads in /proc/self/status" : "more than one thread is running";
    return threads < 0 ? threads : -EBUSY;
}

int meridian_switch_user(uint32_t uid, uint32_t gid, uint64_t keep, const char **step) {
    int result = single_threaded(step);
    if (result != 0) return result;
    result = limit_bounding_set(keep, step);
    if (result != 0) return result;
    // Keep the permitted set across setresuid (all of it, for a moment: capset trims it below).
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return fail(step, "prctl(PR_SET_KEEPCAPS)");
    if (setgroups(0, NULL) != 0) return fail(step, "setgroups");
    if (setresgid(gid, gid, gid) != 0) return fail(step, "setresgid");
    if (setresuid(uid, uid, uid) != 0) return fail(step, "setresuid");
    if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) return fail(step, "prctl(PR_SET_KEEPCAPS)");
    result = settle(keep, step);
    if (result != 0) return result;
    uid_t ruid, euid, suid;
    gid_t rgid, egid, sgid;
    if (getresuid(&ruid, &euid, &suid) != 0 || getresgid(&rgid, &egid, &sgid) != 0) return fail(step, "getresuid");
    if (ruid != uid || euid != uid || suid != uid || rgid != gid || egid != gid || sgid != gid) {
        errno = EPERM;
        return fail(step, "getresuid (ids not changed)");
    }
    // The way back must be closed (it is, without CAP_SETUID; checked as OpenBSD daemons do).
    if (uid != 0 && setresuid(0, 0, 0) == 0) {
        errno = EPERM;
        return fail(step, "setresuid(0) succeeded after the switch");
    }
    return 0;
}

int meridian_limit_capabilities(uint64_t keep, const char **step) {
    int result = single_threaded(step);
    if (result != 0) return result;
    uint64_t permitted = 0;
    if (read_sets(&permitted, NULL, NULL) != 0) return fail(step, "capget");
    keep &= permitted;
    result = limit_bounding_set(keep, step);
    return result != 0 ? result : settle(keep, step);
}
