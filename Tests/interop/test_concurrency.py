"""Many sessions at once, and a client that stops reading must not hold up the others."""

from __future__ import annotations

import os
import re
import select
import subprocess
import threading
import time

import pytest

from netconf_wire import BASE_10, PING, SSHNetconf, client_hello, eom_frame, rpc, rpc_error_tags, ssh_base_args, EOM

pytestmark = pytest.mark.slow

CONCURRENT_SESSIONS = 200
# Bounds for the 200-session test (2 shared cores, debug logging):
HOLD_DEADLINE_S = 150  # the whole run, enforced by netconf-bench's alarm
SETUP_BOUND_MS = 60_000  # slowest single session setup while 200 connect at once
HOLD_RPC_BOUND_MS = 5_000  # slowest reply when all 200 sessions send their RPC together

# Bounds for the stalled-reader test:
STALL_MAX_RPCS = 40_000  # RPCs the stalled client writes at most ...
STALL_MAX_SECONDS = 12.0  # ... and for at most this long
STALL_RPC_BOUND_S = 2.0  # every probe RPC on another session answers within this
STALL_SETUP_BOUND_S = 15.0  # a new session opens within this while the reader is stalled


def parse_kv(line: str) -> dict[str, str]:
    return {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', line)}


def test_200_concurrent_sessions_each_answer_an_rpc(make_daemon, creds, netconf_bench):
    # 200 logins at once from one address: the default pre-login limits (8 per address,
    # MaxStartups 32:30:128) would refuse most of them as a flood, so they are raised.
    d = make_daemon("--max-sessions", "256", "--max-startups", "256", "--per-source-max-startups", "none",
                    log_level="info")
    r = subprocess.run(
        [str(netconf_bench), "hold", "-p", str(d.port), "-u", creds.key_user, "-i", str(creds.key_file),
         "-c", str(CONCURRENT_SESSIONS), "-t", "60", "-T", str(HOLD_DEADLINE_S), "-k"],
        capture_output=True, text=True, timeout=HOLD_DEADLINE_S + 30,
    )
    out = parse_kv(r.stdout)
    report = f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr[-2000:]}"
    assert out.get("mode") == "hold", report
    assert int(out["opened"]) == CONCURRENT_SESSIONS, report
    assert int(out["distinct_ids"]) == CONCURRENT_SESSIONS, report
    assert int(out["rpc_ok"]) == CONCURRENT_SESSIONS, report
    assert float(out["setup_max_ms"]) <= SETUP_BOUND_MS, report
    assert float(out["rpc_max_ms"]) <= HOLD_RPC_BOUND_MS, report
    assert r.returncode == 0, report
    print(r.stdout)


CHURN_THREADS = 4
CHURN_SESSIONS = 50  # per thread: connect, auth, hello, close-session, disconnect


@pytest.mark.parametrize("auth", ["key", "password"])
def test_concurrent_session_churn_loses_no_session(make_daemon, creds, netconf_bench, auth):
    """Sessions opened and closed from 4 threads at once: every one must succeed.

    One connection's end must never disturb another (a reused file descriptor or
    session pointer, a disconnect sent on the wrong connection).
    """
    d = make_daemon(log_level="info")
    who = (["-u", creds.key_user, "-i", str(creds.key_file)] if auth == "key"
           else ["-u", creds.password_user, "-P", creds.password])
    n = CHURN_SESSIONS if auth == "key" else CHURN_SESSIONS // 5  # password hashing is slow on purpose
    r = subprocess.run(
        [str(netconf_bench), "setup", "-p", str(d.port), *who, "-n", str(n), "-c", str(CHURN_THREADS),
         "-t", "30", "-T", "120", "-k", "-V"],
        capture_output=True, text=True, timeout=150,
    )
    out = parse_kv(r.stdout)
    report = f"exit {r.returncode}\nstdout: {r.stdout}\nstderr: {r.stderr[-3000:]}"
    assert out.get("mode") == "setup", report
    assert int(out["failed"]) == 0, report
    assert int(out["ok"]) == n * CHURN_THREADS, report
    print(r.stdout)


class StalledReader:
    """`ssh -s netconf` whose stdout nobody reads after the hello, flooded with RPCs.

    ssh stops reading the channel once its stdout pipe is full, the SSH window
    closes, and the server has replies it cannot deliver.
    """

    def __init__(self, port: int, user: str, key_file):
        args = ssh_base_args(port, user, key_file) + ["-s", "netconf"]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        self.sent = 0
        self.blocked = False

    def hello(self, timeout: float = 20) -> None:
        fd = self.proc.stdout.fileno()
        buf = b""
        deadline = time.monotonic() + timeout
        while EOM not in buf:
            left = deadline - time.monotonic()
            assert left > 0, f"no server hello within {timeout}s"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                data = os.read(fd, 65536)
                assert data, "session closed before the server hello"
                buf += data
        self.proc.stdin.write(eom_frame(client_hello(BASE_10)))  # EOM framing keeps the flood simple

    def flood(self) -> None:
        """Write RPCs without reading, non-blocking, bounded by count and time."""
        fd = self.proc.stdin.fileno()
        os.set_blocking(fd, False)
        pending = b""
        deadline = time.monotonic() + STALL_MAX_SECONDS
        while time.monotonic() < deadline and (pending or self.sent < STALL_MAX_RPCS):
            if not pending:
                pending = b"".join(eom_frame(rpc(PING, str(self.sent + i))) for i in range(100))
                self.sent += 100
            _, writable, _ = select.select([], [fd], [], 0.2)
            if not writable:
                self.blocked = True  # the server stopped taking our requests: back-pressure
                continue
            try:
                n = os.write(fd, pending)
                pending = pending[n:]
            except BlockingIOError:
                self.blocked = True
            except BrokenPipeError:
                return

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


def test_stalled_reader_does_not_delay_other_sessions(make_daemon, creds):
    d = make_daemon(log_level="info")
    rss_before = d.rss_kib()
    staller = StalledReader(d.port, creds.key_user, creds.key_file)
    probes: list[float] = []
    setups: list[float] = []
    try:
        staller.hello()
        flood = threading.Thread(target=staller.flood, daemon=True)
        flood.start()
        time.sleep(0.5)
        # Probe while the flood runs and after it has filled every buffer.
        deadline = time.monotonic() + STALL_MAX_SECONDS + 6
        rounds = 0
        while time.monotonic() < deadline and rounds < 40:
            t0 = time.monotonic()
            with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
                s.exchange_hellos(timeout=STALL_SETUP_BOUND_S)
                setups.append(time.monotonic() - t0)
                for i in range(5):
                    t1 = time.monotonic()
                    reply = s.request(rpc(PING, f"probe-{rounds}-{i}"), timeout=STALL_RPC_BOUND_S * 5)
                    probes.append(time.monotonic() - t1)
                    assert rpc_error_tags(reply) == ["operation-not-supported"]
            rounds += 1
            if not flood.is_alive() and rounds >= 10:
                break
        flood.join(STALL_MAX_SECONDS + 5)
        rss_after = d.rss_kib()
        print(f"stalled client wrote {staller.sent} RPCs, back-pressure seen: {staller.blocked}; "
              f"probe rpc max {max(probes):.3f}s over {len(probes)}, setup max {max(setups):.3f}s; "
              f"daemon RSS {rss_before} -> {rss_after} KiB")
        assert max(setups) <= STALL_SETUP_BOUND_S, setups
        assert max(probes) <= STALL_RPC_BOUND_S, f"slowest probe {max(probes):.3f}s (bound {STALL_RPC_BOUND_S}s)"
        # The daemon must either push back (stop reading a client that does not read its
        # replies) or drop that client; taking every request and buffering every reply is neither.
        assert staller.blocked or staller.proc.poll() is not None, (
            f"{staller.sent} RPCs went in without back-pressure: the daemon buffers replies for a "
            "client that does not read"
        )
        if rss_before and rss_after:
            assert rss_after - rss_before < 512 * 1024, "daemon grew by more than 512 MiB for one stalled client"
    finally:
        staller.close()
    # Once the stalled client is gone, everything still works.
    with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos()
        assert rpc_error_tags(s.request(rpc(PING, "after"))) == ["operation-not-supported"]


# -- a client stuck at any step of the setup must not hold up the others ------

STUCK_CLIENTS = 3
STUCK_SETUP_BOUND_S = 10.0  # a new session (connect to first reply) opens within this
STUCK_STEPS = ["tcp-silent", "partial-banner", "after-kex", "after-auth", "no-client-hello", "half-message"]


def stuck_client(step: str, port: int, creds):
    """A connection that stops at `step` and stays open; returns something to close later."""
    import socket

    import paramiko

    if step in ("tcp-silent", "partial-banner"):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        if step == "partial-banner":
            sock.sendall(b"SSH-2.0-stuck")  # no CR LF, ever
        return sock
    if step in ("after-kex", "after-auth"):
        t = paramiko.Transport(socket.create_connection(("127.0.0.1", port), timeout=10))
        t.start_client(timeout=20)
        if step == "after-auth":
            t.auth_publickey(creds.key_user, paramiko.Ed25519Key.from_private_key_file(str(creds.key_file)))
        return t
    s = SSHNetconf(port, creds.key_user, creds.key_file)
    s.server_hello()
    if step == "half-message":
        s.send_raw(eom_frame(client_hello(BASE_10)))
        s.send_raw(b'<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><meridian-pi')
    return s


@pytest.mark.parametrize("step", STUCK_STEPS)
def test_client_stuck_during_setup_does_not_block_new_sessions(make_daemon, creds, step):
    # Long grace and idle times, so the stuck clients stay connected during the test.
    d = make_daemon("--login-grace-time", "120", "--idle-timeout", "120", log_level="info")
    stuck = [stuck_client(step, d.port, creds) for _ in range(STUCK_CLIENTS)]
    try:
        t0 = time.monotonic()
        with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
            s.exchange_hellos(timeout=STUCK_SETUP_BOUND_S)
            reply = s.request(rpc(PING, "through"), timeout=STUCK_SETUP_BOUND_S)
            assert rpc_error_tags(reply) == ["operation-not-supported"]
        elapsed = time.monotonic() - t0
        assert elapsed <= STUCK_SETUP_BOUND_S, f"new session took {elapsed:.2f}s with {STUCK_CLIENTS} clients stuck at {step}"
    finally:
        for c in stuck:
            c.close()
