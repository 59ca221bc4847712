#define _GNU_SOURCE
#include "CSystemShims.h"
#include <pthread.h>
#include <string.h>

int meridian_set_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, sizeof truncated - 1);
    truncated[sizeof truncated - 1] = '\0';
    return pthread_setname_np(pthread_self(), truncated);
}

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int meridian_set_thread_nice(int nice) {
    /* On Linux the nice value belongs to the thread (task), not the process. */
    return setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), nice);
}
