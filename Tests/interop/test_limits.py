"""Limits set on the command line: failed auth attempts, login grace time, idle timeout, max sessions."""

from __future__ import annotations

import socket
import time

import paramiko
import pytest
from lxml import etree
from ncclient.operations.rpc import RPCError

from netconf_wire import PING, PING_NS, SSHNetconf, rpc, rpc_error_tags

pytestmark = pytest.mark.slow


def ping(m) -> None:
    """One round trip on an ncclient session (an unknown operation: rpc-error is the answer)."""
    with pytest.raises(RPCError) as err:
        m.dispatch(etree.Element(f"{{{PING_NS}}}meridian-ping"))
    assert err.value.tag == "operation-not-supported"


def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def started_transport(port: int) -> paramiko.Transport:
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    t = paramiko.Transport(sock)
    t.start_client(timeout=20)
    return t


# -- failed authentication ------------------------------------------------


@pytest.mark.parametrize("max_tries", [1, 3])
def test_connection_dropped_after_max_failed_passwords(make_daemon, creds, max_tries):
    d = make_daemon("--max-auth-tries", str(max_tries))
    t = started_transport(d.port)
    attempts = 0
    try:
        for _ in range(max_tries + 3):
            attempts += 1
            with pytest.raises(paramiko.AuthenticationException):
                t.auth_password(creds.password_user, f"wrong-{attempts}", fallback=False)
            # Give the server's disconnect a moment to arrive before trying again.
            if wait_until(lambda: not t.is_active(), 1.0):
                break
        assert not t.is_active(), f"still connected after {attempts} failed passwords (limit {max_tries})"
        assert attempts == max_tries, f"connection dropped after {attempts} failures, limit is {max_tries}"
    finally:
        t.close()
    # The limit is per connection: the right password still works on a new one.
    t = started_transport(d.port)
    try:
        t.auth_password(creds.password_user, creds.password, fallback=False)
        assert t.is_authenticated()
    finally:
        t.close()


def test_failed_publickeys_count_too(make_daemon, creds):
    d = make_daemon("--max-auth-tries", "2")
    t = started_transport(d.port)
    stranger = paramiko.Ed25519Key.from_private_key_file(str(creds.stranger_key_file))
    attempts = 0
    try:
        for _ in range(5):
            attempts += 1
            with pytest.raises(paramiko.AuthenticationException):
                t.auth_publickey(creds.key_user, stranger)
            if wait_until(lambda: not t.is_active(), 1.0):
                break
        assert not t.is_active()
        assert attempts <= 2
    finally:
        t.close()


# -- login grace time -----------------------------------------------------

GRACE_S = 2
GRACE_SLACK_S = 5  # the close may come this much later than the grace time


def test_silent_tcp_connection_closed_after_grace_time(make_daemon):
    d = make_daemon("--login-grace-time", str(GRACE_S))
    sock = socket.create_connection(("127.0.0.1", d.port), timeout=GRACE_S + GRACE_SLACK_S)
    start = time.monotonic()
    received = b""
    try:
        while True:
            data = sock.recv(4096)
            if not data:
                break
            received += data
            assert len(received) < 65536, "server keeps sending to a silent client"
    except ConnectionResetError:
        pass
    except socket.timeout:
        pytest.fail(f"connection still open {GRACE_S + GRACE_SLACK_S}s after connect (grace {GRACE_S}s)")
    finally:
        sock.close()
    elapsed = time.monotonic() - start
    assert received.startswith(b"SSH-2.0-"), received[:100]
    assert elapsed >= GRACE_S * 0.5, f"closed after {elapsed:.2f}s, before the grace time"


def test_key_exchange_without_auth_closed_after_grace_time(make_daemon):
    d = make_daemon("--login-grace-time", str(GRACE_S))
    t = started_transport(d.port)
    start = time.monotonic()
    try:
        assert wait_until(lambda: not t.is_active(), GRACE_S + GRACE_SLACK_S), \
            f"unauthenticated connection still open {GRACE_S + GRACE_SLACK_S}s after key exchange"
        assert time.monotonic() - start >= GRACE_S * 0.5
    finally:
        t.close()


def test_authenticated_session_outlives_grace_time(make_daemon, nc):
    d = make_daemon("--login-grace-time", str(GRACE_S))
    m = nc(d)
    time.sleep(GRACE_S + 1.5)
    assert m.connected
    ping(m)


# -- idle timeout -----------------------------------------------------------

IDLE_S = 2


def test_idle_session_closed_active_session_kept(make_daemon, nc):
    d = make_daemon("--idle-timeout", str(IDLE_S))
    idle = nc(d)
    active = nc(d, key=True)
    start = time.monotonic()
    closed_at = None
    # Keep `active` busy for 3x the idle timeout, one RPC every 0.4 s.
    while time.monotonic() - start < 3 * IDLE_S:
        ping(active)
        if closed_at is None and not idle.connected:
            closed_at = time.monotonic() - start
        time.sleep(0.4)
    assert closed_at is not None, f"idle session still open {3 * IDLE_S}s later (idle timeout {IDLE_S}s)"
    assert closed_at >= IDLE_S * 0.75, f"idle session closed after {closed_at:.2f}s, before the idle timeout"
    assert active.connected, "a session with an RPC every 0.4 s was closed as idle"
    ping(active)


def test_idle_timeout_applies_before_hello(make_daemon, creds):
    d = make_daemon("--idle-timeout", str(IDLE_S))
    with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
        s.server_hello()
        # Never send a client hello.
        assert s.wait_closed(IDLE_S + GRACE_SLACK_S)


# -- max sessions -----------------------------------------------------------


def test_third_session_refused_with_max_sessions_2(make_daemon, nc, creds):
    d = make_daemon("--max-sessions", "2")
    first = nc(d)
    second = nc(d)
    third = SSHNetconf(d.port, creds.key_user, creds.key_file)
    try:
        assert third.wait_closed(10), "third session still open with --max-sessions 2"
        # If the server sent a hello before closing, the session must not have been usable.
    finally:
        third.close()
    ping(first)
    ping(second)
    assert first.connected and second.connected
    # Closing one frees its slot.
    assert first.close_session().ok

    def fourth_works() -> bool:
        s = SSHNetconf(d.port, creds.key_user, creds.key_file)
        try:
            s.exchange_hellos()
            return rpc_error_tags(s.request(rpc(PING, "1"))) == ["operation-not-supported"]
        except (EOFError, TimeoutError):
            return False
        finally:
            s.close()

    assert wait_until(fourth_works, 10, step=0.5), "no new session possible after one of two closed"
    ping(second)


# -- message size -----------------------------------------------------------

MAX_MESSAGE = 4096


@pytest.mark.parametrize("caps", [("urn:ietf:params:netconf:base:1.0",), ("urn:ietf:params:netconf:base:1.1",)],
                         ids=["eom", "chunked"])
def test_message_over_max_message_size_closes_session(make_daemon, creds, caps):
    d = make_daemon("--max-message-size", str(MAX_MESSAGE))
    filler = "x" * 3000
    with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos(*caps)
        # Under the limit: answered.
        small = rpc(f'<meridian-ping xmlns="{PING_NS}"><pad>{filler}</pad></meridian-ping>', "small")
        assert len(small) < MAX_MESSAGE
        assert rpc_error_tags(s.request(small)) == ["operation-not-supported"]
        # Four times the limit, sent in pieces: the session is closed, the daemon lives on.
        big = rpc(f'<meridian-ping xmlns="{PING_NS}"><pad>{filler * 6}</pad></meridian-ping>', "big")
        assert len(big) > 4 * MAX_MESSAGE
        try:
            s.send(big, chunk_sizes=[1000] * 20)
        except BrokenPipeError:
            pass
        assert s.wait_closed(10), "session still open after a message 4x --max-message-size"
    assert d.alive()
    with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos()
        assert rpc_error_tags(s.request(rpc(PING, "after"))) == ["operation-not-supported"]


def test_chunk_header_over_max_message_size_closes_at_once(make_daemon, creds):
    d = make_daemon("--max-message-size", str(MAX_MESSAGE))
    with SSHNetconf(d.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos("urn:ietf:params:netconf:base:1.1")
        s.send_raw(b"\n#1000000\n<rpc")  # announces 1 MB and never sends it
        assert s.wait_closed(10), "a chunk announcing 1 MB over a 4 KiB limit did not close the session"
