#define _GNU_SOURCE
#include "CNetShims.h"
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

void mn_read_clocks(int64_t *real_seconds, int64_t *real_nanoseconds, int64_t *monotonic_nanoseconds) {
    struct timespec real, monotonic;
    clock_gettime(CLOCK_REALTIME, &real);
    clock_gettime(CLOCK_MONOTONIC, &monotonic);
    *real_seconds = real.tv_sec;
    *real_nanoseconds = real.tv_nsec;
    *monotonic_nanoseconds = (int64_t)monotonic.tv_sec * 1000000000LL + monotonic.tv_nsec;
}

static int adjust(struct timex *tx) {
    int result = clock_adjtime(CLOCK_REALTIME, tx);
    return result < 0 ? -errno : 0;
}

// The kernel's frequency is in ppm with a 16-bit binary fraction.
int mn_clock_read_frequency(double *ppm) {
    struct timex tx;
    memset(&tx, 0, sizeof(tx));
    int result = adjust(&tx);
    if (result == 0) *ppm = (double)tx.freq / 65536.0;
    return result;
}

int mn_clock_set_frequency(double ppm) {
    struct timex tx;
    memset(&tx, 0, sizeof(tx));
    tx.modes = ADJ_FREQUENCY;
    tx.freq = (long)llround(ppm * 65536.0);
    return adjust(&tx);
}

int mn_clock_slew_status(int current) {
    return current | STA_PLL | STA_NANO;
}

int mn_clock_slew_offset(double seconds) {
    struct timex tx;
    memset(&tx, 0, sizeof(tx));
    /* ADJ_STATUS replaces the whole status word: start from the kernel's, so a slew never
       clears the unsynchronized or leap flags that mn_clock_set_status manages. */
    int read = adjust(&tx);
    if (read != 0) return read;
    int status = mn_clock_slew_status(tx.status);
    memset(&tx, 0, sizeof(tx));
    // The kernel limits ADJ_OFFSET to +-0.5 s.
    if (seconds > 0.5) seconds = 0.5;
    if (seconds < -0.5) seconds = -0.5;
    tx.modes = ADJ_OFFSET | ADJ_NANO | ADJ_STATUS;
    tx.status = status;
    tx.offset = (long)llround(seconds * 1e9);
    return adjust(&tx);
}

int mn_clock_step(double seconds) {
    struct timex tx;
    memset(&tx, 0, sizeof(tx));
    tx.modes = ADJ_SETOFFSET | ADJ_NANO;
    double whole = floor(seconds);
    tx.time.tv_sec = (time_t)whole;
    tx.time.tv_usec = (long)llround((seconds - whole) * 1e9);
    if (tx.time.tv_usec >= 1000000000L) { tx.time.tv_sec += 1; tx.time.tv_usec -= 1000000000L; }
    return adjust(&tx);
}

int mn_clock_set_status(int synchronized, int leap, double estimated_error, double maximum_error) {
    struct timex tx;
    memset(&tx, 0, sizeof(tx));
    int read = adjust(&tx);
    if (read != 0) return read;
    int status = tx.status & ~(STA_UNSYNC | STA_INS | STA_DEL);
    if (!synchronized) status |= STA_UNSYNC;
    if (leap == 1) status |= STA_INS;
    if (leap == 2) status |= STA_DEL;
    memset(&tx, 0, sizeof(tx));
    tx.modes = ADJ_STATUS | ADJ_ESTERROR | ADJ_MAXERROR;
    tx.status = status;
    tx.esterror = (long)llround(estimated_error * 1e6);
    tx.maxerror = (long)llround(maximum_error * 1e6);
    return adjust(&tx);
}
