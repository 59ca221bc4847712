/*
 * netconf-bench: a NETCONF-over-SSH load client built on the libssh client API.
 *
 *   setup  connect + authenticate + hello exchange, then <close-session>,
 *          repeated -n times per connection thread; reports setups/s and the
 *          p50/p99 of the setup latency (connect until the server hello is in
 *          and our hello is out).
 *   rpc    one session per thread, -n RPC round trips each (after -w warm-up
 *          round trips); reports ops/s and p50/p99 of the round trip in us.
 *          With -S PID (twice at most): the CPU time of that process and its
 *          descendants (every thread's /proc/.../schedstat run time) from the
 *          moment every session is warm until the last measured reply, per
 *          operation: session setup, warm-up and close are not in it.
 *   hold   -c sessions opened at once and all kept open; when every thread has
 *          its session, each sends one RPC and waits for the reply; then all
 *          close. Reports how many opened, distinct session-ids, and latencies.
 *
 * Framing: end-of-message (base:1.0) for the hellos, chunked (base:1.1) after
 * them when both sides offer base:1.1 (RFC 6242); -v 1.0 offers only 1.0.
 *
 * Every wait is bounded: -t seconds per I/O step, -T seconds for the whole run
 * (SIGALRM ends the process with exit code 3).
 *
 * Build: gcc -O2 -o netconf-bench netconf-bench.c $(pkg-config --cflags --libs libssh) -lpthread -lm
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <libssh/libssh.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BASE10 "urn:ietf:params:netconf:base:1.0"
#define BASE11 "urn:ietf:params:netconf:base:1.1"
#define NS "urn:ietf:params:xml:ns:netconf:base:1.0"
#define MAX_MESSAGE (16u * 1024u * 1024u)

enum mode { MODE_SETUP, MODE_RPC, MODE_HOLD };

struct config {
    enum mode mode;
    const char *host;
    unsigned port;
    const char *user;
    const char *password;
    const char *keyfile;
    long count;
    int conns;
    long warmup;
    const char *body;
    const char *bodies[8]; /* -r given several times: one operation = these RPCs in order */
    int nbodies;
    int require_ok; /* -e: an rpc-error reply counts as a failure */
    int offer11;
    int io_timeout_s;
    int deadline_s;
    int kv;
    int verbose;
    long cpu_roots[2]; /* -S: processes whose CPU time is measured over the rpc phase */
    int ncpu_roots;
};

static struct config cfg = {
    .host = "127.0.0.1",
    .count = 100,
    .conns = 1,
    .warmup = 50,
    .body = "<meridian-ping xmlns=\"urn:example:meridian-bench\"/>",
    .offer11 = 1,
    .io_timeout_s = 10,
    .deadline_s = 300,
};

/* ---------------------------------------------------------------- time */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static double percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return NAN;
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    return v[rank - 1];
}

/* ------------------------------------------------------------ samples */

struct samples {
    double *v;
    size_t n, cap;
};

static void samples_add(struct samples *s, double x)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        if (!s->v) {
            perror("realloc");
            exit(2);
        }
    }
    s->v[s->n++] = x;
}

static void samples_merge(struct samples *into, const struct samples *from)
{
    for (size_t i = 0; i < from->n; i++)
        samples_add(into, from->v[i]);
}

/* ---------------------------------------------------------- connection */

struct conn {
    ssh_session session;
    ssh_channel channel;
    unsigned char *buf; /* bytes received, not yet taken as messages */
    size_t len, cap;
    char *msg; /* the last message taken, NUL-terminated */
    size_t msg_len, msg_cap;
    int chunked;
    long session_id;
    char err[256];
};

static int fail(struct conn *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
    return -1;
}

static int write_all(struct conn *c, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        int n = ssh_channel_write(c->channel, p, (uint32_t)len);
        if (n == SSH_ERROR)
            return fail(c, "write: %s", ssh_get_error(c->session));
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* One framed message, handed to libssh in one write (one SSH packet when it fits). */
static int send_message(struct conn *c, const char *xml)
{
    size_t len = strlen(xml);
    char *frame = malloc(len + 32);
    if (!frame)
        return fail(c, "out of memory");
    size_t n;
    if (c->chunked) {
        n = (size_t)sprintf(frame, "\n#%zu\n", len);
        memcpy(frame + n, xml, len);
        memcpy(frame + n + len, "\n##\n", 4);
        n += len + 4;
    } else {
        memcpy(frame, xml, len);
        memcpy(frame + len, "]]>]]>", 6);
        n = len + 6;
    }
    int r = write_all(c, frame, n);
    free(frame);
    return r;
}

static void msg_put(struct conn *c, const unsigned char *p, size_t n)
{
    if (c->msg_len + n + 1 > c->msg_cap) {
        c->msg_cap = (c->msg_len + n + 1) * 2;
        c->msg = realloc(c->msg, c->msg_cap);
        if (!c->msg) {
            perror("realloc");
            exit(2);
        }
    }
    memcpy(c->msg + c->msg_len, p, n);
    c->msg_len += n;
    c->msg[c->msg_len] = '\0';
}

static void consume(struct conn *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

/* 1: a whole message is in c->msg; 0: need more bytes; -1: bad framing. */
static int take_message(struct conn *c)
{
    c->msg_len = 0;
    if (!c->chunked) {
        unsigned char *end = memmem(c->buf, c->len, "]]>]]>", 6);
        if (!end)
            return 0;
        size_t n = (size_t)(end - c->buf);
        msg_put(c, c->buf, n);
        consume(c, n + 6);
        return 1;
    }
    size_t pos = 0;
    for (;;) {
        if (c->len - pos < 4)
            return 0;
        if (c->buf[pos] != '\n' || c->buf[pos + 1] != '#')
            return fail(c, "bad chunk header"), -1;
        if (c->buf[pos + 2] == '#') {
            if (c->buf[pos + 3] != '\n' || c->msg_len == 0)
                return fail(c, "bad end-of-chunks"), -1;
            consume(c, pos + 4);
            return 1;
        }
        size_t i = pos + 2;
        uint64_t size = 0;
        while (i < c->len && c->buf[i] >= '0' && c->buf[i] <= '9' && i - pos - 2 < 10)
            size = size * 10 + (uint64_t)(c->buf[i++] - '0');
        if (i == c->len)
            return 0;
        if (c->buf[i] != '\n' || size == 0 || c->buf[pos + 2] == '0')
            return fail(c, "bad chunk size"), -1;
        if (size > MAX_MESSAGE)
            return fail(c, "chunk of %" PRIu64 " bytes", size), -1;
        i++;
        if (c->len - i < size)
            return 0;
        msg_put(c, c->buf + i, (size_t)size);
        pos = i + (size_t)size;
    }
}

/* Read until one whole message is in c->msg, within the I/O timeout. */
static int read_message(struct conn *c)
{
    double deadline = now_s() + cfg.io_timeout_s;
    for (;;) {
        int r = take_message(c);
        if (r != 0)
            return r;
        if (c->len > MAX_MESSAGE)
            return fail(c, "message over %u bytes", MAX_MESSAGE);
        double left = deadline - now_s();
        if (left <= 0)
            return fail(c, "no reply within %d s", cfg.io_timeout_s);
        if (c->cap - c->len < 65536) {
            c->cap = c->cap ? c->cap * 2 : 131072;
            c->buf = realloc(c->buf, c->cap);
            if (!c->buf) {
                perror("realloc");
                exit(2);
            }
        }
        int n = ssh_channel_read_timeout(c->channel, c->buf + c->len, (uint32_t)(c->cap - c->len), 0,
                                         (int)(left * 1000) + 1);
        if (n == SSH_ERROR)
            return fail(c, "read: %s", ssh_get_error(c->session));
        if (n == 0 && (ssh_channel_is_eof(c->channel) || ssh_channel_is_closed(c->channel)))
            return fail(c, "session closed by the server");
        c->len += (size_t)n;
    }
}

static long parse_session_id(const char *hello)
{
    const char *p = strstr(hello, "session-id>");
    if (!p)
        return -1;
    return strtol(p + strlen("session-id>"), NULL, 10);
}

static void conn_free(struct conn *c)
{
    if (c->channel) {
        ssh_channel_free(c->channel);
        c->channel = NULL;
    }
    if (c->session) {
        ssh_disconnect(c->session);
        ssh_free(c->session);
        c->session = NULL;
    }
    c->len = 0;
}

/* Connect, authenticate, open the netconf subsystem, exchange hellos. */
static int conn_open(struct conn *c, ssh_key key)
{
    c->session = ssh_new();
    if (!c->session)
        return fail(c, "ssh_new failed");
    int no = 0, yes = 1;
    long timeout = cfg.io_timeout_s;
    ssh_options_set(c->session, SSH_OPTIONS_PROCESS_CONFIG, &no);
    ssh_options_set(c->session, SSH_OPTIONS_HOST, cfg.host);
    ssh_options_set(c->session, SSH_OPTIONS_PORT, &cfg.port);
    ssh_options_set(c->session, SSH_OPTIONS_USER, cfg.user);
    ssh_options_set(c->session, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(c->session, SSH_OPTIONS_NODELAY, &yes); /* no Nagle delay on small RPCs */
    ssh_options_set(c->session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &no);
    ssh_options_set(c->session, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
    ssh_options_set(c->session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
    if (ssh_connect(c->session) != SSH_OK)
        return fail(c, "connect: %s", ssh_get_error(c->session));
    /* Host key not checked: loopback test target with a throwaway key. */
    int auth = key ? ssh_userauth_publickey(c->session, NULL, key)
                   : ssh_userauth_password(c->session, NULL, cfg.password);
    if (auth != SSH_AUTH_SUCCESS)
        return fail(c, "authentication refused: %s", ssh_get_error(c->session));
    c->channel = ssh_channel_new(c->session);
    if (!c->channel || ssh_channel_open_session(c->channel) != SSH_OK)
        return fail(c, "channel: %s", ssh_get_error(c->session));
    if (ssh_channel_request_subsystem(c->channel, "netconf") != SSH_OK)
        return fail(c, "subsystem netconf: %s", ssh_get_error(c->session));
    c->chunked = 0;
    if (read_message(c) != 1)
        return -1;
    if (!strstr(c->msg, "hello"))
        return fail(c, "first message is not a hello");
    c->session_id = parse_session_id(c->msg);
    int server11 = strstr(c->msg, BASE11) != NULL;
    char hello[512];
    snprintf(hello, sizeof hello,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><hello xmlns=\"" NS "\"><capabilities>"
             "<capability>" BASE10 "</capability>%s</capabilities></hello>",
             cfg.offer11 ? "<capability>" BASE11 "</capability>" : "");
    if (send_message(c, hello) < 0)
        return -1;
    c->chunked = cfg.offer11 && server11;
    return 0;
}

/* Replaces in body: "{n}" with n (a per-operation unique number), "{s}" with the
 * session's index (0..c-1) and "{p}" with a port number that changes with every
 * operation of a session (1024..65023), so an edit can change one entry per session
 * and keep the configuration the same size. op is the operation's number: the
 * session index times 100000000 plus its sequence number. */
static char *expand(const char *body, long n, long op)
{
    size_t extra = 0;
    for (const char *p = strchr(body, '{'); p; p = strchr(p + 1, '{'))
        extra += 24;
    char *out = malloc(strlen(body) + extra + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = body; *p;) {
        if (strncmp(p, "{n}", 3) == 0) {
            o += sprintf(o, "%ld", n);
            p += 3;
        } else if (strncmp(p, "{s}", 3) == 0) {
            o += sprintf(o, "%ld", op / 100000000L);
            p += 3;
        } else if (strncmp(p, "{p}", 3) == 0) {
            o += sprintf(o, "%ld", 1024 + (op % 100000000L) % 64000);
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return out;
}

static int round_trip(struct conn *c, long id, const char *body, long op)
{
    char *rpc;
    char *expanded = expand(body, id, op);
    if (!expanded)
        return fail(c, "malloc");
    int made = asprintf(&rpc, "<rpc message-id=\"%ld\" xmlns=\"" NS "\">%s</rpc>", id, expanded);
    free(expanded);
    if (made < 0)
        return fail(c, "asprintf");
    int r = send_message(c, rpc);
    free(rpc);
    if (r < 0 || read_message(c) != 1)
        return -1;
    char want[48];
    snprintf(want, sizeof want, "message-id=\"%ld\"", id);
    if (!strstr(c->msg, "rpc-reply") || !strstr(c->msg, want))
        return fail(c, "unexpected reply: %.120s", c->msg);
    if (cfg.require_ok && strstr(c->msg, "rpc-error"))
        return fail(c, "rpc-error reply: %.300s", c->msg);
    return 0;
}

/* One measured operation: every -r body in turn (or the default body). */
static int operation(struct conn *c, long id)
{
    if (cfg.nbodies == 0)
        return round_trip(c, id, cfg.body, id);
    for (int b = 0; b < cfg.nbodies; b++)
        if (round_trip(c, id * 8 + b, cfg.bodies[b], id) < 0)
            return -1;
    return 0;
}

static int conn_close(struct conn *c)
{
    int r = round_trip(c, 999999999L, "<close-session/>", 0);
    if (r == 0 && !strstr(c->msg, "ok"))
        r = fail(c, "close-session not ok: %.120s", c->msg);
    conn_free(c);
    return r;
}

/* ------------------------------------------------------------- threads */

struct worker {
    pthread_t thread;
    int index;
    struct samples lat; /* setup: ms; rpc: us; hold: rpc ms */
    struct samples setup_ms; /* hold: setup ms; setup: close-session + disconnect ms */
    long ok, failed;
    long session_id;
    double started, finished;
    char err[300];
};

static pthread_barrier_t barrier_start, barrier_rpc_done;
static double cpu_start_ns[2], cpu_end_ns[2];

/* CPU time in ns of every thread of PID and of its descendants (alive now). */
static double tree_cpu_ns(long pid, int depth)
{
    char path[320]; /* /proc/PID/task/TID/schedstat; d_name is at most 255 bytes */
    snprintf(path, sizeof path, "/proc/%ld/task", pid);
    DIR *tasks = opendir(path);
    if (!tasks || depth > 16) {
        if (tasks)
            closedir(tasks);
        return 0;
    }
    double total = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/%ld/task/%s/schedstat", pid, entry->d_name);
        FILE *f = fopen(path, "r");
        if (f) {
            unsigned long long ns = 0;
            if (fscanf(f, "%llu", &ns) == 1)
                total += (double)ns;
            fclose(f);
        }
        snprintf(path, sizeof path, "/proc/%ld/task/%s/children", pid, entry->d_name);
        f = fopen(path, "r");
        if (f) {
            long child;
            while (fscanf(f, "%ld", &child) == 1)
                total += tree_cpu_ns(child, depth + 1);
            fclose(f);
        }
    }
    closedir(tasks);
    return total;
}

static void sample_cpu(double *into)
{
    for (int i = 0; i < cfg.ncpu_roots; i++)
        into[i] = tree_cpu_ns(cfg.cpu_roots[i], 0);
}

static ssh_key load_key(void)
{
    if (!cfg.keyfile)
        return NULL;
    ssh_key key = NULL;
    if (ssh_pki_import_privkey_file(cfg.keyfile, NULL, NULL, NULL, &key) != SSH_OK) {
        fprintf(stderr, "netconf-bench: cannot read private key %s\n", cfg.keyfile);
        exit(2);
    }
    return key;
}

/* phase: "open" (connect .. hello), "rpc" or "close" (close-session + disconnect). */
static void note_error(struct worker *w, struct conn *c, const char *phase)
{
    if (!w->err[0])
        snprintf(w->err, sizeof w->err, "%s: %s", phase, c->err);
    if (cfg.verbose)
        fprintf(stderr, "netconf-bench[%d]: %s: %s\n", w->index, phase, c->err);
}

static void *run_setup(void *arg)
{
    struct worker *w = arg;
    ssh_key key = load_key();
    pthread_barrier_wait(&barrier_start);
    w->started = now_s();
    for (long i = 0; i < cfg.count; i++) {
        struct conn c = {0};
        double t0 = now_s();
        if (conn_open(&c, key) < 0) {
            note_error(w, &c, "open");
            conn_free(&c);
            w->failed++;
            continue;
        }
        double t1 = now_s();
        samples_add(&w->lat, (t1 - t0) * 1e3);
        int closed = conn_close(&c);
        samples_add(&w->setup_ms, (now_s() - t1) * 1e3); /* setup mode: close-session + disconnect */
        if (closed < 0) {
            note_error(w, &c, "close");
            w->failed++;
        } else {
            w->ok++;
        }
        free(c.buf);
        free(c.msg);
    }
    w->finished = now_s();
    ssh_key_free(key);
    return NULL;
}

static void *run_rpc(void *arg)
{
    struct worker *w = arg;
    ssh_key key = load_key();
    struct conn c = {0};
    int up = conn_open(&c, key) == 0;
    long base = (long)w->index * 100000000L;
    for (long i = 0; up && i < cfg.warmup; i++)
        up = operation(&c, base + i + 1) == 0;
    if (!up) {
        note_error(w, &c, "open");
        w->failed = cfg.count;
    }
    /* Every session is warm; one thread samples the server's CPU, then all start. */
    if (pthread_barrier_wait(&barrier_start) == PTHREAD_BARRIER_SERIAL_THREAD)
        sample_cpu(cpu_start_ns);
    pthread_barrier_wait(&barrier_start);
    w->started = now_s();
    for (long i = 0; up && i < cfg.count; i++) {
        double t0 = now_s();
        if (operation(&c, base + cfg.warmup + i + 1) < 0) {
            note_error(w, &c, "rpc");
            w->failed += cfg.count - i;
            up = 0;
            break;
        }
        samples_add(&w->lat, (now_s() - t0) * 1e6);
        w->ok++;
    }
    w->finished = now_s();
    /* The last measured reply is in everywhere before the sample and before any close. */
    if (pthread_barrier_wait(&barrier_rpc_done) == PTHREAD_BARRIER_SERIAL_THREAD)
        sample_cpu(cpu_end_ns);
    pthread_barrier_wait(&barrier_rpc_done);
    if (up && conn_close(&c) < 0)
        note_error(w, &c, "close");
    conn_free(&c);
    free(c.buf);
    free(c.msg);
    ssh_key_free(key);
    return NULL;
}

static void *run_hold(void *arg)
{
    struct worker *w = arg;
    ssh_key key = load_key();
    struct conn c = {0};
    double t0 = now_s();
    int up = conn_open(&c, key) == 0;
    if (up) {
        samples_add(&w->setup_ms, (now_s() - t0) * 1e3);
        w->session_id = c.session_id;
    } else {
        note_error(w, &c, "open");
    }
    /* Every session is open (or failed) before any RPC is sent. */
    pthread_barrier_wait(&barrier_start);
    w->started = now_s();
    if (up) {
        double r0 = now_s();
        if (round_trip(&c, w->index + 1, cfg.body, (long)w->index * 100000000L) == 0) {
            samples_add(&w->lat, (now_s() - r0) * 1e3);
            w->ok++;
        } else {
            note_error(w, &c, "rpc");
            up = 0;
        }
    }
    if (!up)
        w->failed++;
    w->finished = now_s();
    /* Nobody closes before everybody has had its answer. */
    pthread_barrier_wait(&barrier_rpc_done);
    if (up && conn_close(&c) < 0)
        note_error(w, &c, "close");
    conn_free(&c);
    free(c.buf);
    free(c.msg);
    ssh_key_free(key);
    return NULL;
}

/* -------------------------------------------------------------- report */

static const char *mode_name(enum mode m)
{
    return m == MODE_SETUP ? "setup" : m == MODE_RPC ? "rpc" : "hold";
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "netconf-bench: deadline (-T) exceeded\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(3);
}

/* -r @FILE: the body is the file's content (large edits exceed argv limits). */
static const char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "netconf-bench: cannot read %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "netconf-bench: cannot read %s\n", path);
        exit(2);
    }
    text[n] = 0;
    fclose(f);
    return text;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: netconf-bench setup|rpc|hold -p PORT -u USER (-P PASSWORD | -i KEYFILE) [options]\n"
            "  -H HOST      server address (default 127.0.0.1)\n"
            "  -P PASSWORD  password (or env NETCONF_PASSWORD)\n"
            "  -i KEYFILE   private key file (OpenSSH format)\n"
            "  -n N         setup: sessions per thread; rpc: round trips per thread (default 100)\n"
            "  -c CONNS     threads, one connection at a time each (default 1)\n"
            "  -w N         rpc: warm-up round trips per thread, not measured (default 50)\n"
            "  -r XML       RPC body (default <meridian-ping xmlns=\"urn:example:meridian-bench\"/>);\n"
            "               repeat -r for an operation of several RPCs (e.g. edit-config then commit);\n"
            "               {n} in a body becomes a number unique to the operation, {s} the session's\n"
            "               index, {p} a port number that changes with each operation; -r @FILE reads it\n"
            "  -e           count an rpc-error reply as a failure\n"
            "  -v 1.0|1.1   highest base version offered in our hello (default 1.1)\n"
            "  -t SECONDS   bound on each I/O step (default 10)\n"
            "  -T SECONDS   bound on the whole run (default 300)\n"
            "  -S PID       rpc: also report the CPU time per operation of PID and its descendants\n"
            "               over the measured round trips (give -S twice for a second process)\n"
            "  -k           print one key=value line instead of text\n"
            "  -V           print each error\n");
    exit(64);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    if (!strcmp(argv[1], "setup"))
        cfg.mode = MODE_SETUP;
    else if (!strcmp(argv[1], "rpc"))
        cfg.mode = MODE_RPC;
    else if (!strcmp(argv[1], "hold"))
        cfg.mode = MODE_HOLD;
    else
        usage();
    cfg.password = getenv("NETCONF_PASSWORD");
    optind = 2;
    int opt;
    while ((opt = getopt(argc, argv, "H:p:u:P:i:n:c:w:r:v:t:T:S:ekV")) != -1) {
        switch (opt) {
        case 'H': cfg.host = optarg; break;
        case 'p': cfg.port = (unsigned)atoi(optarg); break;
        case 'u': cfg.user = optarg; break;
        case 'P': cfg.password = optarg; break;
        case 'i': cfg.keyfile = optarg; break;
        case 'n': cfg.count = atol(optarg); break;
        case 'c': cfg.conns = atoi(optarg); break;
        case 'w': cfg.warmup = atol(optarg); break;
        case 'r':
            if (cfg.nbodies < 8)
                cfg.bodies[cfg.nbodies++] = optarg[0] == '@' ? read_file(optarg + 1) : optarg;
            break;
        case 'e': cfg.require_ok = 1; break;
        case 'v': cfg.offer11 = strcmp(optarg, "1.0") != 0; break;
        case 't': cfg.io_timeout_s = atoi(optarg); break;
        case 'T': cfg.deadline_s = atoi(optarg); break;
        case 'k': cfg.kv = 1; break;
        case 'S':
            if (cfg.ncpu_roots < 2)
                cfg.cpu_roots[cfg.ncpu_roots++] = atol(optarg);
            break;
        case 'V': cfg.verbose = 1; break;
        default: usage();
        }
    }
    if (!cfg.port || !cfg.user || (!cfg.password && !cfg.keyfile) || cfg.count < 1 || cfg.conns < 1 ||
        cfg.conns > 4096 || cfg.io_timeout_s < 1 || cfg.deadline_s < 1)
        usage();

    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)cfg.deadline_s);
    ssh_init();

    struct worker *workers = calloc((size_t)cfg.conns, sizeof *workers);
    pthread_barrier_init(&barrier_start, NULL, (unsigned)cfg.conns);
    pthread_barrier_init(&barrier_rpc_done, NULL, (unsigned)cfg.conns);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    void *(*fn)(void *) = cfg.mode == MODE_SETUP ? run_setup : cfg.mode == MODE_RPC ? run_rpc : run_hold;
    for (int i = 0; i < cfg.conns; i++) {
        workers[i].index = i;
        if (pthread_create(&workers[i].thread, &attr, fn, &workers[i]) != 0) {
            perror("pthread_create");
            return 2;
        }
    }
    for (int i = 0; i < cfg.conns; i++)
        pthread_join(workers[i].thread, NULL);

    struct samples lat = {0}, setup = {0};
    long ok = 0, failed = 0, opened = 0;
    double started = 1e300, finished = 0;
    const char *first_err = NULL;
    long *ids = calloc((size_t)cfg.conns, sizeof *ids);
    for (int i = 0; i < cfg.conns; i++) {
        struct worker *w = &workers[i];
        samples_merge(&lat, &w->lat);
        samples_merge(&setup, &w->setup_ms);
        ok += w->ok;
        failed += w->failed;
        if (cfg.mode == MODE_HOLD && w->setup_ms.n)
            ids[opened++] = w->session_id;
        if (w->started > 0 && w->started < started)
            started = w->started;
        if (w->finished > finished)
            finished = w->finished;
        if (!first_err && w->err[0])
            first_err = w->err;
    }
    qsort(lat.v, lat.n, sizeof *lat.v, cmp_double);
    qsort(setup.v, setup.n, sizeof *setup.v, cmp_double);
    double seconds = finished > started ? finished - started : 0;
    double rate = seconds > 0 ? (double)ok / seconds : 0;
    const char *unit = cfg.mode == MODE_RPC ? "us" : "ms";
    double p50 = percentile(lat.v, lat.n, 50), p99 = percentile(lat.v, lat.n, 99);
    double max = lat.n ? lat.v[lat.n - 1] : NAN;

    if (cfg.mode == MODE_HOLD) {
        /* Distinct session-ids among the sessions that opened. */
        long distinct = 0;
        for (long i = 0; i < opened; i++) {
            int seen = 0;
            for (long j = 0; j < i && !seen; j++)
                seen = ids[j] == ids[i];
            distinct += !seen && ids[i] > 0;
        }
        double s50 = percentile(setup.v, setup.n, 50), s99 = percentile(setup.v, setup.n, 99);
        double smax = setup.n ? setup.v[setup.n - 1] : NAN;
        if (cfg.kv)
            printf("mode=hold conns=%d opened=%ld distinct_ids=%ld rpc_ok=%ld failed=%ld "
                   "setup_p50_ms=%.2f setup_p99_ms=%.2f setup_max_ms=%.2f "
                   "rpc_p50_ms=%.2f rpc_p99_ms=%.2f rpc_max_ms=%.2f error=\"%s\"\n",
                   cfg.conns, opened, distinct, ok, failed, s50, s99, smax, p50, p99, max,
                   first_err ? first_err : "");
        else
            printf("hold: %ld/%d sessions open at once (%ld distinct session-ids), %ld answered one RPC\n"
                   "  setup ms p50 %.2f p99 %.2f max %.2f; rpc ms p50 %.2f p99 %.2f max %.2f\n%s%s",
                   opened, cfg.conns, distinct, ok, s50, s99, smax, p50, p99, max,
                   first_err ? "  first error: " : "", first_err ? first_err : "");
        if (first_err && !cfg.kv)
            printf("\n");
        return (opened == cfg.conns && ok == cfg.conns && distinct == cfg.conns) ? 0 : 1;
    }

    double c50 = percentile(setup.v, setup.n, 50), c99 = percentile(setup.v, setup.n, 99);
    /* -S: CPU µs per measured operation of each process tree (nan when not asked). */
    double cpu_us[2] = {NAN, NAN};
    for (int i = 0; cfg.mode == MODE_RPC && i < cfg.ncpu_roots && ok > 0; i++)
        cpu_us[i] = (cpu_end_ns[i] - cpu_start_ns[i]) / 1e3 / (double)ok;
    if (cfg.kv)
        printf("mode=%s conns=%d count=%ld ok=%ld failed=%ld seconds=%.3f rate=%.1f "
               "p50=%.2f p99=%.2f max=%.2f unit=%s close_p50_ms=%.2f close_p99_ms=%.2f "
               "server_cpu_us=%.1f server2_cpu_us=%.1f error=\"%s\"\n",
               mode_name(cfg.mode), cfg.conns, cfg.count * cfg.conns, ok, failed, seconds, rate, p50, p99, max,
               unit, c50, c99, cpu_us[0], cpu_us[1], first_err ? first_err : "");
    else if (cfg.mode == MODE_SETUP)
        printf("setup: %ld ok, %ld failed in %.3f s: %.1f setups/s; latency ms p50 %.2f p99 %.2f max %.2f; "
               "close-session + disconnect ms p50 %.2f p99 %.2f%s%s\n",
               ok, failed, seconds, rate, p50, p99, max, c50, c99, first_err ? "\n  first error: " : "",
               first_err ? first_err : "");
    else
        printf("%s: %ld ok, %ld failed in %.3f s: %.1f %s/s; latency %s p50 %.2f p99 %.2f max %.2f%s%s\n",
               mode_name(cfg.mode), ok, failed, seconds, rate, cfg.mode == MODE_SETUP ? "setups" : "ops", unit,
               p50, p99, max, first_err ? "\n  first error: " : "", first_err ? first_err : "");
    return failed == 0 ? 0 : 1;
}
