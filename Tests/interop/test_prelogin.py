"""Before login: password checks off the reactor, max-auth-tries per request, the
failed-login delay, per-source and MaxStartups limits, and peer text in the log.

Clients come from several loopback addresses (127.0.0.2, 127.0.0.3, ...: every
127/8 address is local on Linux), by binding the client socket before connect;
the daemon listens on 127.0.0.1 and sees them as different sources.

The password-guessing load runs in a child process of this file (`python
test_prelogin.py guess ...`) at nice 19: on this shared 2-core machine the
attacker's own Python would otherwise take the CPU the measurement needs, and an
attacker is normally on another host. What the daemon does because of the
attack (key exchanges, refusals, password hashes) still runs at its own priority.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import paramiko
import pytest

from netconf_wire import PING, SSHNetconf, rpc, rpc_error_tags

pytestmark = pytest.mark.slow

DELAY_S = 1.0  # the daemon's failed-login delay (SSHServerConfiguration.authFailureDelay)
DEFAULT_PER_SOURCE = 8  # --per-source-max-startups default
HERE = Path(__file__).resolve()

# The password-guessing load: threads, for how long, and the bounds it is held to.
GUESS_THREADS = 100
GUESS_SECONDS = 20.0
P99_FACTOR = 3.0  # RPC p99 under the load at most this times the idle p99
KEY_LOGIN_BOUND_S = 1.0
PING_INTERVAL_S = 0.01


# -- clients from a chosen source address -------------------------------------


def connect_from(source: str, port: int, timeout: float = 10) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def key_login(source: str, port: int, creds, timeout: float = 10) -> float:
    """Connect, key exchange, public-key auth, open the netconf subsystem and read the
    server's hello: the seconds it took."""
    start = time.monotonic()
    t = paramiko.Transport(connect_from(source, port, timeout))
    try:
        t.start_client(timeout=timeout)
        t.auth_publickey(creds.key_user, paramiko.Ed25519Key.from_private_key_file(str(creds.key_file)))
        chan = t.open_session(timeout=timeout)
        chan.settimeout(timeout)
        chan.invoke_subsystem("netconf")
        data = b""
        while b"]]>]]>" not in data:
            piece = chan.recv(65536)
            assert piece, "channel closed before the server hello"
            data += piece
        return time.monotonic() - start
    finally:
        t.close()


def log_lines(d, pattern: str, since: int) -> list[str]:
    rx = re.compile(pattern)
    return [line for line in d.log_text(since).splitlines() if rx.search(line)]


def thread_cpu_seconds(pid: int) -> dict[str, float]:
    """CPU time (user + system) of each thread of `pid`, summed by thread name."""
    ticks = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return out


def password_login(port: int, creds) -> float:
    start = time.monotonic()
    t = paramiko.Transport(connect_from("127.0.0.1", port))
    t.auth_timeout = 60
    try:
        t.start_client(timeout=20)
        t.auth_password(creds.password_user, creds.password, fallback=False)
        assert t.is_authenticated()
        return time.monotonic() - start
    finally:
        t.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


# -- max-auth-tries per request and the failed-login delay -----------------------


def send_userauth_service_request(t: paramiko.Transport) -> None:
    from paramiko.common import cMSG_SERVICE_REQUEST

    m = paramiko.Message()
    m.add_byte(cMSG_SERVICE_REQUEST)
    m.add_string("ssh-userauth")
    t._send_message(m)


def send_pipelined_passwords(t: paramiko.Transport, user: str, count: int) -> None:
    """ssh-userauth, then `count` password requests without waiting for any answer."""
    from paramiko.common import cMSG_USERAUTH_REQUEST

    send_userauth_service_request(t)
    for i in range(count):
        m = paramiko.Message()
        m.add_byte(cMSG_USERAUTH_REQUEST)
        m.add_string(user)
        m.add_string("ssh-connection")
        m.add_string("password")
        m.add_boolean(False)
        m.add_string(f"wrong-{i}")
        t._send_message(m)


MAX_TRIES = 3
PIPELINED = 40


def test_back_to_back_passwords_past_max_auth_tries_are_never_checked(make_daemon, creds):
    d = make_daemon("--max-auth-tries", str(MAX_TRIES))
    since = d.log_len()
    t = paramiko.Transport(connect_from("127.0.0.1", d.port))
    try:
        t.start_client(timeout=20)
        start = time.monotonic()
        send_pipelined_passwords(t, creds.password_user, PIPELINED)
        deadline = start + MAX_TRIES * DELAY_S + 10
        while t.is_active() and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = time.monotonic() - start
        assert not t.is_active(), f"still connected {elapsed:.1f}s after {PIPELINED} wrong passwords"
    finally:
        t.close()
    d.wait_for_log(r"connection ended", 5, since)
    failed = log_lines(d, r"authentication failed", since)
    checked = log_lines(d, r"checking password", since)
    print(f"{PIPELINED} pipelined passwords: {len(checked)} checked, {len(failed)} failures answered, "
          f"disconnected after {elapsed:.2f}s")
    assert len(failed) == MAX_TRIES, "\n".join(failed)
    assert len(checked) == MAX_TRIES, "\n".join(checked)
    # Each failure was held back for the delay before the next check began.
    assert elapsed >= MAX_TRIES * DELAY_S * 0.9, f"{MAX_TRIES} failures answered in {elapsed:.2f}s"


OTHER_LOGIN_MESSAGES = 40  # the daemon drops a client after 16 refused ones


def test_requests_that_cannot_succeed_before_login_drop_the_client(make_daemon, creds):
    """Global requests and channel opens before login are refused one by one; a client that
    keeps sending them is dropped long before its grace time, and others still log in."""
    from paramiko.common import cMSG_GLOBAL_REQUEST

    d = make_daemon()
    since = d.log_len()
    t = paramiko.Transport(connect_from("127.0.0.1", d.port))
    try:
        t.start_client(timeout=20)
        send_userauth_service_request(t)
        for i in range(OTHER_LOGIN_MESSAGES):
            m = paramiko.Message()
            m.add_byte(cMSG_GLOBAL_REQUEST)
            m.add_string(f"tcpip-forward-{i}")
            m.add_boolean(True)
            t._send_message(m)
        deadline = time.monotonic() + 10
        while t.is_active() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not t.is_active(), f"still connected after {OTHER_LOGIN_MESSAGES} global requests before login"
    finally:
        t.close()
    d.wait_for_log(r"too many requests before login", 5, since)
    assert key_login("127.0.0.1", d.port, creds) < 10


def timed_failures(port: int, user: str, attempts: int, out: list[float]) -> None:
    t = paramiko.Transport(connect_from("127.0.0.1", port))
    try:
        t.start_client(timeout=20)
        for i in range(attempts):
            start = time.monotonic()
            with pytest.raises(paramiko.AuthenticationException):
                t.auth_password(user, f"guess-{i}", fallback=False)
            out.append(time.monotonic() - start)
    finally:
        t.close()


def test_unknown_user_key_only_user_and_wrong_password_take_the_same_time(make_daemon, creds):
    d = make_daemon("--max-auth-tries", "10")
    users = {"wrong password": creds.password_user, "key-only user": creds.key_user, "unknown user": "nobody"}
    times: dict[str, list[float]] = {kind: [] for kind in users}
    threads = [threading.Thread(target=timed_failures, args=(d.port, user, 3, times[kind]))
               for kind, user in users.items()]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    summary = {kind: [round(x, 3) for x in v] for kind, v in times.items()}
    print(f"seconds to each failure: {summary}")
    every = [x for v in times.values() for x in v]
    assert len(every) == 9, summary
    # Each failure comes after the delay, and none comes noticeably later than the others.
    assert min(every) >= DELAY_S * 0.95, summary
    assert max(every) - min(every) < 0.25, summary


# -- per-source limit and MaxStartups -------------------------------------------


def idle_connections(source: str, port: int, n: int) -> list[socket.socket]:
    return [connect_from(source, port) for _ in range(n)]


def still_open(socks: list[socket.socket], wait: float = 2.0) -> list[socket.socket]:
    """The sockets the daemon kept: it sent its banner on them and did not close them."""
    kept = []
    deadline = time.monotonic() + wait
    for s in socks:
        s.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            data = s.recv(256)
        except socket.timeout:
            continue  # nothing yet: neither kept (no banner) nor closed
        except ConnectionResetError:
            continue
        if data.startswith(b"SSH-2.0-"):
            kept.append(s)
    return kept


def test_300_idle_connections_from_one_address_do_not_lock_out_another(make_daemon, creds):
    # A long grace time: the idle connections would hold their slots for all of it.
    d = make_daemon("--login-grace-time", "120")
    since = d.log_len()
    flood = idle_connections("127.0.0.2", d.port, 300)
    try:
        kept = still_open(flood)
        elapsed = key_login("127.0.0.3", d.port, creds)
        print(f"300 idle connections from 127.0.0.2: {len(kept)} kept; "
              f"key login from 127.0.0.3 took {elapsed * 1000:.0f} ms")
        assert len(kept) == DEFAULT_PER_SOURCE, f"{len(kept)} of 300 idle connections kept"
        assert elapsed < 5, f"login from another address took {elapsed:.2f}s"
        # Refusals are summed up in one line at most every 10 s (the first one at once).
        summary = d.wait_for_log(r"refused connections before login", 5, since)
        assert summary and re.search(r"per-source-limit=[1-9]", summary), summary
        # The flooding address itself is not locked out for good: its own slots are.
        with pytest.raises((paramiko.SSHException, EOFError, OSError)):
            key_login("127.0.0.2", d.port, creds, timeout=5)
    finally:
        for s in flood:
            s.close()
    # Once its idle connections are gone, that address logs in again.
    login_again("127.0.0.2", d.port, creds)


def login_again(host: str, port: int, creds) -> None:
    """A key login from `host` succeeds within 10 s of its refused connections closing (the
    server notices the closes on its next poll; each try is a new connection)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            key_login(host, port, creds)
            return
        except (paramiko.SSHException, EOFError, OSError):
            assert time.monotonic() < deadline, f"{host} still refused 10 s after its idle connections closed"
            time.sleep(0.2)


def test_max_startups_drops_at_random_between_start_and_full(make_daemon, creds):
    start, full = 10, 20
    d = make_daemon("--max-startups", f"{start}:30:{full}", "--per-source-max-startups", "none",
                    "--login-grace-time", "120")
    since = d.log_len()
    socks = [connect_from(f"127.0.1.{i + 1}", d.port) for i in range(60)]
    try:
        kept = still_open(socks)
        print(f"60 idle connections from 60 addresses against {start}:30:{full}: {len(kept)} kept")
        assert start <= len(kept) <= full, len(kept)
        # Full (or nearly so): new connections are refused ...
        if len(kept) == full:
            with pytest.raises((paramiko.SSHException, EOFError, OSError)):
                key_login("127.0.2.1", d.port, creds, timeout=5)
        summary = d.wait_for_log(r"refused connections before login", 5, since)
        assert summary and "max-startups=10:30:20" in summary, summary
    finally:
        for s in socks:
            s.close()
    # ... until the idle ones are gone.
    login_again("127.0.2.1", d.port, creds)


# -- peer text in the log ---------------------------------------------------------


def test_user_names_and_client_banners_cannot_forge_log_lines(make_daemon, creds):
    d = make_daemon()
    since = d.log_len()
    forged = "2001-01-01T00:00:00+0000 info meridiand: user authenticated"
    t = paramiko.Transport(connect_from("127.0.0.1", d.port))
    t.local_version = "SSH-2.0-Evil_1.0 \x1b[2Jcomment"
    try:
        t.start_client(timeout=20)
        with pytest.raises(paramiko.AuthenticationException):
            t.auth_password(f"evil\n{forged} user=admin", "x", fallback=False)
    finally:
        t.close()
    line = d.wait_for_log(r"authentication failed", 10, since)
    assert line, d.log_tail(since)
    text = d.log_text(since)
    assert not any(l.startswith("2001-01-01") for l in text.splitlines()), text
    assert "\x1b" not in text
    assert "user=evil\\x0a2001-01-01T00:00:00+0000\\x20info" in line, line
    assert "client=SSH-2.0-Evil_1.0\\x20\\x1b[2Jcomment" in line, line


# -- password guessing does not slow down the others ------------------------------


def guess(port: int, user: str, threads: int, seconds: float, sources: list[str]) -> dict:
    """The load: `threads` threads, each connecting (from the sources in turn), sending
    wrong passwords until the daemon drops it, and connecting again, for `seconds`."""
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    stats = {"connections": 0, "refused": 0, "attempts": 0}

    def count(key: str, n: int = 1) -> None:
        with lock:
            stats[key] += n

    def worker(index: int) -> None:
        source = sources[index % len(sources)]
        n = 0
        while time.monotonic() < deadline:
            try:
                sock = connect_from(source, port, timeout=10)
            except OSError:
                count("refused")
                time.sleep(0.1)
                continue
            t = paramiko.Transport(sock)
            t.auth_timeout = 15
            try:
                try:
                    t.start_client(timeout=10)
                except (paramiko.SSHException, EOFError, OSError):
                    # Refused at accept (per-source limit, MaxStartups): back off a little,
                    # which keeps this process's own CPU use bounded.
                    count("refused")
                    time.sleep(0.1)
                    continue
                answered = 0
                while t.is_active() and time.monotonic() < deadline:
                    n += 1
                    try:
                        t.auth_password(user, f"guess-{index}-{n}", fallback=False)
                    except paramiko.AuthenticationException:
                        answered += 1
                    except (paramiko.SSHException, EOFError, OSError):
                        break
                # paramiko's start_client can return before it notices a refused connection:
                # a connection counts once the daemon answered a guess on it.
                if answered:
                    count("connections")
                    count("attempts", answered)
                else:
                    count("refused")
            finally:
                t.close()

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join(seconds + 30)
    return stats


def ping_latencies(s: SSHNetconf, seconds: float, tag: str) -> list[float]:
    """Round trips of one RPC every PING_INTERVAL_S on a logged-in session, in ms."""
    out = []
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        i += 1
        t0 = time.monotonic()
        reply = s.request(rpc(PING, f"{tag}-{i}"), timeout=10)
        out.append((time.monotonic() - t0) * 1000)
        assert rpc_error_tags(reply) == ["operation-not-supported"]
        time.sleep(PING_INTERVAL_S)
    return out


SCENARIOS = {
    # One attacking host, the default limits: 8 of its connections guess at a time,
    # the others are refused at accept.
    "one-source-defaults": ([], ["127.0.0.2"]),
    # Every guessing connection admitted (100 at once, from 10 addresses): password
    # checks queue on the pool; what is measured is that nothing else waits for them.
    "all-admitted": (["--max-startups", "256", "--per-source-max-startups", "none"],
                     [f"127.0.3.{i}" for i in range(1, 11)]),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_password_guessing_does_not_slow_sessions_or_key_logins(make_daemon, creds, scenario):
    args, sources = SCENARIOS[scenario]
    d = make_daemon(*args, log_level="info")
    with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos()
        ping_latencies(s, 1.0, "warm")
        idle = ping_latencies(s, 5.0, "idle")
        idle_logins = [key_login("127.0.0.1", d.port, creds) for _ in range(3)]
        since = d.log_len()
        cpu_before = thread_cpu_seconds(d.proc.pid)
        load = subprocess.Popen(
            ["nice", "-n", "19", sys.executable, str(HERE), "guess", str(d.port), creds.password_user,
             str(GUESS_THREADS), str(GUESS_SECONDS), ",".join(sources)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(HERE.parent),
        )
        try:
            time.sleep(3.0)  # let the guessing reach its pace
            loaded: list[float] = []
            logins: list[float] = []
            while load.poll() is None and len(logins) < 8:
                loaded += ping_latencies(s, 1.5, f"load{len(logins)}")
                logins.append(key_login("127.0.0.1", d.port, creds))
            # For the record: a password login waits its turn behind the guesses.
            password_s = password_login(d.port, creds) if load.poll() is None else None
            out, err = load.communicate(timeout=GUESS_SECONDS + 60)
            cpu_after = thread_cpu_seconds(d.proc.pid)
        finally:
            if load.poll() is None:
                load.kill()
                load.wait(10)
    stats = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"error": err[-2000:]}
    failures = len(log_lines(d, r"authentication failed", since))
    idle_p99, loaded_p99 = percentile(idle, 99), percentile(loaded, 99)
    bound = P99_FACTOR * idle_p99
    cpu = {name: round(cpu_after[name] - cpu_before.get(name, 0.0), 2) for name in cpu_after
           if cpu_after[name] - cpu_before.get(name, 0.0) >= 0.05}
    print(f"[{scenario}] guessing: {stats}; failed logins the daemon logged: {failures}\n"
          f"  RPC ms idle p50 {percentile(idle, 50):.2f} p99 {idle_p99:.2f} (n={len(idle)}); "
          f"under load p50 {percentile(loaded, 50):.2f} p99 {loaded_p99:.2f} max {max(loaded):.2f} (n={len(loaded)}); "
          f"bound {bound:.2f}\n"
          f"  key login s idle {[round(x, 3) for x in idle_logins]}, under load {[round(x, 3) for x in logins]}; "
          f"a password login under load {password_s if password_s is None else round(password_s, 2)} s\n"
          f"  daemon CPU s by thread during the load: {cpu}")
    assert "attempts" in stats, stats
    assert stats["attempts"] > 0 and failures > 0, "the load never got to guess a password"
    assert len(logins) >= 3, f"only {len(logins)} key logins during the load"
    assert max(logins) < KEY_LOGIN_BOUND_S, f"a key login took {max(logins):.3f}s during the load"
    assert loaded_p99 <= bound, f"RPC p99 {loaded_p99:.2f} ms under load, idle {idle_p99:.2f} ms"


if __name__ == "__main__":
    # python test_prelogin.py guess PORT USER THREADS SECONDS SOURCE[,SOURCE...]
    if len(sys.argv) == 7 and sys.argv[1] == "guess":
        _, _, port, user, threads, seconds, sources = sys.argv
        result = guess(int(port), user, int(threads), float(seconds), sources.split(","))
        print(json.dumps(result), flush=True)
        os._exit(0)
    sys.exit(f"usage: {sys.argv[0]} guess PORT USER THREADS SECONDS SOURCES")
