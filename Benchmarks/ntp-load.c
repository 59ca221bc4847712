/*
 * ntp-load: an NTP client-mode (mode 3) load generator for loopback benchmarks.
 *
 *   ntp-load -p PORT [-a 127.0.0.1] [-n COUNT] [-d SECONDS] [-s SOCKETS]
 *            [-w IN_FLIGHT] [-r REQ_PER_S] [-B] [-W WARMUP] [-t TIMEOUT_MS] [-k]
 *
 * Sends NTPv4 mode-3 requests from SOCKETS UDP sockets to one server address
 * (127.0.0.0/8 or ::1 only; anything else is refused) and matches each reply
 * to its request through the origin timestamp (the server copies our transmit
 * timestamp there; its low 32 bits carry a sequence number).
 *
 * Closed loop (default): keeps IN_FLIGHT requests outstanding, as fast as the
 * server answers. Open loop (-r): one request every 1/RATE s whatever the
 * server does, with at most IN_FLIGHT outstanding (a request that would
 * exceed it is counted as `skipped`).
 *
 * Bounded: stops after COUNT requests (default 1,000,000) or SECONDS (default
 * 5, at most 30), whichever comes first, then waits TIMEOUT_MS (default 500)
 * for stragglers. A request unanswered after TIMEOUT_MS is lost.
 *
 * -B binds socket i to its own loopback source address 127.201.(i/250).(i%250+1)
 * (IPv4 only), so a server's per-address rate limiter sees SOCKETS clients.
 * -W sends WARMUP requests first (closed loop, not counted).
 *
 * Latency = kernel receive timestamp of the reply (SO_TIMESTAMPNS) minus the
 * CLOCK_REALTIME read just before sendmmsg/sendto; p50/p99 are nearest-rank
 * over every answered request. Output: a human line, or with -k one
 * `key=value` line for scripts. Exit 0 on success, 1 if no reply came back,
 * 3 on the hard deadline, 64 on bad usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_SOCKETS 4096
#define BATCH 64
#define RING (1u << 20) /* sequence slots; > max in flight */
#define MAX_SECONDS 30.0
#define NTP_UNIX_OFFSET 2208988800ULL

struct slot {
    uint32_t seq;      /* sequence number + 1; 0 = free */
    uint8_t answered;
    int64_t sent_ns;   /* CLOCK_REALTIME */
};

static struct slot *ring;
static int64_t *latencies; /* ns, one per answered request */
static size_t latency_cap, latency_n;
/* T3 - T2 of each reply (server's transmit minus receive timestamp, ns): how long the
 * server held the request between its receive stamp and its transmit reading. */
static int64_t *holds;
static size_t hold_n;

static uint64_t sent, replies, kod, unsync, bad, lost, skipped, send_errors, late;
static uint64_t in_flight;
static uint32_t next_seq, oldest_seq;
static int timeout_ms = 500;

static void die(int code, const char *message) {
    fprintf(stderr, "ntp-load: %s\n", message);
    exit(code);
}

static void on_alarm(int sig) {
    (void)sig;
    static const char m[] = "ntp-load: hard deadline passed\n";
    ssize_t ignored = write(2, m, sizeof m - 1);
    (void)ignored;
    _exit(3);
}

static int64_t now_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void usage(void) {
    fprintf(stderr,
            "usage: ntp-load -p PORT [-a ADDR] [-n COUNT] [-d SECONDS<=30] [-s SOCKETS] [-w IN_FLIGHT]\n"
            "                [-r REQ_PER_S] [-B] [-W WARMUP] [-t TIMEOUT_MS] [-k]\n"
            "ADDR must be a loopback address (127.0.0.0/8 or ::1).\n");
    exit(64);
}

/* The request: LI 0, VN 4, mode 3; transmit timestamp = (NTP seconds, seq). */
static void make_request(uint8_t *p, uint32_t seq, int64_t wall_ns) {
    memset(p, 0, 48);
    p[0] = (0 << 6) | (4 << 3) | 3;
    p[2] = 6;   /* poll */
    p[3] = 0xEC; /* precision -20 */
    uint32_t secs = htonl((uint32_t)((uint64_t)(wall_ns / 1000000000LL) + NTP_UNIX_OFFSET));
    uint32_t frac = htonl(seq);
    memcpy(p + 40, &secs, 4);
    memcpy(p + 44, &frac, 4);
}

static void record_sent(uint32_t seq, int64_t wall_ns) {
    struct slot *s = &ring[seq & (RING - 1)];
    s->seq = seq + 1;
    s->answered = 0;
    s->sent_ns = wall_ns;
    sent++;
    in_flight++;
}

/* An NTP timestamp (RFC 5905 §6, 64 bits) in ns since the NTP era start; only its
 * differences are used, so era wrap does not matter. */
static int64_t ntp_ts_ns(const uint8_t *p) {
    uint32_t secs, frac;
    memcpy(&secs, p, 4);
    memcpy(&frac, p + 4, 4);
    return (int64_t)ntohl(secs) * 1000000000LL + (int64_t)(((uint64_t)ntohl(frac) * 1000000000ULL) >> 32);
}

/* One reply datagram: match its origin timestamp to a request. */
static void handle_reply(const uint8_t *p, ssize_t len, int64_t rx_ns, int counting) {
    if (len < 48 || (p[0] & 7) != 4) {
        bad++;
        return;
    }
    uint32_t seq;
    memcpy(&seq, p + 28, 4);
    seq = ntohl(seq);
    struct slot *s = &ring[seq & (RING - 1)];
    if (s->seq != seq + 1 || s->answered) {
        late++; /* already expired, duplicate, or not ours */
        return;
    }
    s->answered = 1;
    in_flight--;
    if (!counting)
        return;
    if (p[1] == 0) { /* stratum 0: kiss-o'-death (RATE, DENY, ...) */
        kod++;
        return;
    }
    replies++;
    if ((p[0] >> 6) == 3)
        unsync++; /* answered, but leap 3: the server is not synchronized */
    if (latency_n < latency_cap)
        latencies[latency_n++] = rx_ns - s->sent_ns;
    if (hold_n < latency_cap)
        holds[hold_n++] = ntp_ts_ns(p + 40) - ntp_ts_ns(p + 32);
}

/* Forgets requests older than the timeout, oldest first. */
static void expire(int64_t wall_now, int counting) {
    while (oldest_seq != next_seq) {
        struct slot *s = &ring[oldest_seq & (RING - 1)];
        if (s->answered) {
            oldest_seq++;
            continue;
        }
        if (wall_now - s->sent_ns < (int64_t)timeout_ms * 1000000LL)
            break;
        s->answered = 1;
        in_flight--;
        if (counting)
            lost++;
        oldest_seq++;
    }
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values (ns), in µs. */
static double percentile_us(const int64_t *values, size_t n, double q) {
    if (n == 0)
        return 0;
    size_t rank = (size_t)(q * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)values[rank - 1] / 1000.0;
}

static int nsock;
static int fds[MAX_SOCKETS];
static int epfd;

/* Reads everything pending on every socket epoll reports readable. */
static void drain(int wait_ns, int counting) {
    struct timespec ts = {wait_ns / 1000000000, wait_ns % 1000000000};
    static struct epoll_event events[MAX_SOCKETS];
    int n = epoll_pwait2(epfd, events, nsock, &ts, NULL);
    if (n <= 0)
        return;
    static uint8_t bufs[BATCH][64];
    static char ctrl[BATCH][64];
    static struct iovec iov[BATCH];
    static struct mmsghdr msgs[BATCH];
    for (int e = 0; e < n; e++) {
        int i = events[e].data.u32;
        for (int rounds = 0; rounds < 64; rounds++) {
            for (int j = 0; j < BATCH; j++) {
                iov[j].iov_base = bufs[j];
                iov[j].iov_len = sizeof bufs[j];
                memset(&msgs[j].msg_hdr, 0, sizeof msgs[j].msg_hdr);
                msgs[j].msg_hdr.msg_iov = &iov[j];
                msgs[j].msg_hdr.msg_iovlen = 1;
                msgs[j].msg_hdr.msg_control = ctrl[j];
                msgs[j].msg_hdr.msg_controllen = sizeof ctrl[j];
            }
            int got = recvmmsg(fds[i], msgs, BATCH, MSG_DONTWAIT, NULL);
            if (got <= 0)
                break;
            int64_t fallback = now_ns(CLOCK_REALTIME);
            for (int j = 0; j < got; j++) {
                int64_t rx = fallback;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&msgs[j].msg_hdr); c; c = CMSG_NXTHDR(&msgs[j].msg_hdr, c)) {
                    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                        struct timespec t;
                        memcpy(&t, CMSG_DATA(c), sizeof t);
                        rx = (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
                    }
                }
                handle_reply(bufs[j], (ssize_t)msgs[j].msg_len, rx, counting);
            }
            if (got < BATCH)
                break;
        }
    }
}

static int is_loopback(const struct sockaddr_storage *ss) {
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        return (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    }
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        return IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
    }
    return 0;
}

/* Sends up to `want` requests round-robin over the sockets (sendmmsg batches). */
static int next_socket;
static uint64_t send_some(uint64_t want, const struct sockaddr_storage *dst, socklen_t dstlen) {
    static uint8_t pkts[BATCH][48];
    static struct iovec iov[BATCH];
    static struct mmsghdr msgs[BATCH];
    uint64_t done = 0;
    while (done < want) {
        int n = (int)((want - done) < BATCH ? (want - done) : BATCH);
        int fd = fds[next_socket];
        next_socket = (next_socket + 1) % nsock;
        int64_t wall = now_ns(CLOCK_REALTIME);
        for (int j = 0; j < n; j++) {
            make_request(pkts[j], next_seq + (uint32_t)j, wall);
            iov[j].iov_base = pkts[j];
            iov[j].iov_len = 48;
            memset(&msgs[j].msg_hdr, 0, sizeof msgs[j].msg_hdr);
            msgs[j].msg_hdr.msg_iov = &iov[j];
            msgs[j].msg_hdr.msg_iovlen = 1;
            msgs[j].msg_hdr.msg_name = (void *)dst;
            msgs[j].msg_hdr.msg_namelen = dstlen;
        }
        int ok = sendmmsg(fd, msgs, (unsigned)n, 0);
        if (ok <= 0) {
            send_errors++;
            break;
        }
        for (int j = 0; j < ok; j++) {
            record_sent(next_seq, wall);
            next_seq++;
        }
        done += (uint64_t)ok;
        if (ok < n)
            break;
    }
    return done;
}

int main(int argc, char **argv) {
    const char *address = "127.0.0.1";
    int port = 0, keyvalue = 0, distinct_sources = 0;
    long long count = 1000000, warmup = 0;
    double seconds = 5, rate = 0;
    long window = 64;
    nsock = 8;
    int opt;
    while ((opt = getopt(argc, argv, "a:p:n:d:s:w:r:BW:t:kh")) != -1) {
        switch (opt) {
        case 'a': address = optarg; break;
        case 'p': port = atoi(optarg); break;
        case 'n': count = atoll(optarg); break;
        case 'd': seconds = atof(optarg); break;
        case 's': nsock = atoi(optarg); break;
        case 'w': window = atol(optarg); break;
        case 'r': rate = atof(optarg); break;
        case 'B': distinct_sources = 1; break;
        case 'W': warmup = atoll(optarg); break;
        case 't': timeout_ms = atoi(optarg); break;
        case 'k': keyvalue = 1; break;
        default: usage();
        }
    }
    if (port <= 0 || port > 65535 || count <= 0 || seconds <= 0 || nsock <= 0 || nsock > MAX_SOCKETS ||
        window <= 0 || window > (long)(RING / 2) || rate < 0 || warmup < 0 || timeout_ms <= 0 || timeout_ms > 5000)
        usage();
    if (seconds > MAX_SECONDS)
        seconds = MAX_SECONDS;
    if (count > 100000000)
        count = 100000000;

    struct sockaddr_storage dst;
    memset(&dst, 0, sizeof dst);
    socklen_t dstlen;
    struct sockaddr_in *d4 = (struct sockaddr_in *)&dst;
    struct sockaddr_in6 *d6 = (struct sockaddr_in6 *)&dst;
    if (inet_pton(AF_INET, address, &d4->sin_addr) == 1) {
        d4->sin_family = AF_INET;
        d4->sin_port = htons((uint16_t)port);
        dstlen = sizeof *d4;
    } else if (inet_pton(AF_INET6, address, &d6->sin6_addr) == 1) {
        d6->sin6_family = AF_INET6;
        d6->sin6_port = htons((uint16_t)port);
        dstlen = sizeof *d6;
    } else {
        die(64, "the address must be a literal IPv4 or IPv6 address");
    }
    if (!is_loopback(&dst))
        die(64, "refusing a non-loopback target: only 127.0.0.0/8 and ::1 are allowed");
    if (distinct_sources && dst.ss_family != AF_INET)
        die(64, "-B needs an IPv4 target");

    /* Hard bound on the whole run: the time limit + warm-up + drain + slack. */
    signal(SIGALRM, on_alarm);
    alarm((unsigned)(seconds + 30));
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);

    ring = calloc(RING, sizeof *ring);
    latency_cap = (size_t)count;
    latencies = malloc(latency_cap * sizeof *latencies);
    holds = malloc(latency_cap * sizeof *holds);
    if (!ring || !latencies || !holds)
        die(1, "out of memory");

    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) {
        perror("ntp-load: epoll_create1");
        return 1;
    }
    for (int i = 0; i < nsock; i++) {
        int fd = socket(dst.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            perror("ntp-load: socket");
            return 1;
        }
        int one = 1, size = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
        if (distinct_sources) {
            struct sockaddr_in src = {.sin_family = AF_INET};
            src.sin_addr.s_addr = htonl((127u << 24) | (201u << 16) | ((unsigned)(i / 250) << 8) | (unsigned)(i % 250 + 1));
            if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) {
                perror("ntp-load: bind");
                return 1;
            }
        }
        if (connect(fd, (struct sockaddr *)&dst, dstlen) < 0) { /* only that peer's datagrams */
            perror("ntp-load: connect");
            return 1;
        }
        fds[i] = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            perror("ntp-load: epoll_ctl");
            return 1;
        }
    }

    /* Warm-up: closed loop, not counted. */
    if (warmup > 0) {
        int64_t until = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
        uint64_t warm_sent = 0;
        while ((warm_sent < (uint64_t)warmup || in_flight > 0) && now_ns(CLOCK_MONOTONIC) < until) {
            if (warm_sent < (uint64_t)warmup && in_flight < (uint64_t)window) {
                uint64_t want = (uint64_t)window - in_flight;
                if (want > (uint64_t)warmup - warm_sent)
                    want = (uint64_t)warmup - warm_sent;
                warm_sent += send_some(want, &dst, dstlen);
            }
            drain(1000000, 0);
            expire(now_ns(CLOCK_REALTIME), 0);
        }
        /* forget the rest of the warm-up */
        while (oldest_seq != next_seq) {
            struct slot *s = &ring[oldest_seq & (RING - 1)];
            if (!s->answered) {
                s->answered = 1;
                in_flight--;
            }
            oldest_seq++;
        }
        sent = 0;
        send_errors = 0;
        bad = late = 0;
    }

    int64_t start = now_ns(CLOCK_MONOTONIC);
    int64_t stop_sending = start + (int64_t)(seconds * 1e9);
    int64_t last_reply_at = start;
    uint64_t replies_seen = 0;
    /* Phase 1: send until COUNT or the time limit. */
    while (sent + skipped < (uint64_t)count) {
        int64_t now = now_ns(CLOCK_MONOTONIC);
        if (now >= stop_sending)
            break;
        int wait = 0;
        if (rate > 0) {
            uint64_t due = (uint64_t)((double)(now - start) * rate / 1e9) + 1;
            if (due > (uint64_t)count)
                due = (uint64_t)count;
            while (sent + skipped < due) {
                if (in_flight >= (uint64_t)window) {
                    skipped++;
                    continue;
                }
                if (send_some(1, &dst, dstlen) == 0)
                    break;
            }
            /* sleep until the next request is due (or a reply comes) */
            int64_t next_at = start + (int64_t)((double)(sent + skipped) * 1e9 / rate);
            int64_t gap = next_at - now_ns(CLOCK_MONOTONIC);
            wait = gap > 0 ? (int)(gap < 100000000 ? gap : 100000000) : 0;
        } else {
            if (in_flight < (uint64_t)window) {
                uint64_t want = (uint64_t)window - in_flight;
                if (want > (uint64_t)count - sent)
                    want = (uint64_t)count - sent;
                send_some(want, &dst, dstlen);
            }
            wait = 1000000; /* 1 ms at most; returns as soon as a reply is in */
        }
        drain(wait, 1);
        expire(now_ns(CLOCK_REALTIME), 1);
        if (replies + kod != replies_seen) {
            replies_seen = replies + kod;
            last_reply_at = now_ns(CLOCK_MONOTONIC);
        }
    }
    int64_t sending_ended = now_ns(CLOCK_MONOTONIC);
    /* Phase 2: wait for stragglers, at most the timeout. */
    int64_t drain_until = sending_ended + (int64_t)timeout_ms * 1000000LL;
    while (in_flight > 0 && now_ns(CLOCK_MONOTONIC) < drain_until) {
        drain(1000000, 1);
        expire(now_ns(CLOCK_REALTIME), 1);
        if (replies + kod != replies_seen) {
            replies_seen = replies + kod;
            last_reply_at = now_ns(CLOCK_MONOTONIC);
        }
    }
    expire(INT64_MAX, 1); /* whatever is left is lost */

    qsort(latencies, latency_n, sizeof *latencies, cmp64);
    qsort(holds, hold_n, sizeof *holds, cmp64);
    double elapsed = (double)((last_reply_at > sending_ended ? last_reply_at : sending_ended) - start) / 1e9;
    double send_elapsed = (double)(sending_ended - start) / 1e9;
    double reply_rate = elapsed > 0 ? (double)replies / elapsed : 0;
    double ratio = sent > 0 ? (double)replies / (double)sent : 0;
    double p50 = percentile_us(latencies, latency_n, 0.50), p99 = percentile_us(latencies, latency_n, 0.99);
    double hold50 = percentile_us(holds, hold_n, 0.50);
    double max = latency_n ? (double)latencies[latency_n - 1] / 1000.0 : 0;
    if (keyvalue) {
        printf("sent=%llu replies=%llu kod=%llu unsync=%llu lost=%llu bad=%llu late=%llu skipped=%llu send_errors=%llu "
               "seconds=%.3f send_seconds=%.3f replies_per_s=%.0f reply_ratio=%.4f p50_us=%.1f p99_us=%.1f max_us=%.1f "
               "sockets=%d window=%ld rate=%.0f server_hold_p50_us=%.1f\n",
               (unsigned long long)sent, (unsigned long long)replies, (unsigned long long)kod,
               (unsigned long long)unsync, (unsigned long long)lost, (unsigned long long)bad, (unsigned long long)late,
               (unsigned long long)skipped, (unsigned long long)send_errors, elapsed, send_elapsed, reply_rate,
               ratio, p50, p99, max, nsock, window, rate, hold50);
    } else {
        printf("%llu sent, %llu replies (%.2f%%), %llu KoD, %llu unsynchronized, %llu lost, %llu bad, %llu skipped in %.2f s: "
               "%.0f replies/s; latency p50 %.1f us, p99 %.1f us, max %.1f us\n",
               (unsigned long long)sent, (unsigned long long)replies, ratio * 100, (unsigned long long)kod,
               (unsigned long long)unsync, (unsigned long long)lost, (unsigned long long)bad, (unsigned long long)skipped, elapsed, reply_rate,
               p50, p99, max);
    }
    return replies > 0 ? 0 : 1;
}
