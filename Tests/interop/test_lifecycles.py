"""Locks and confirmed commits cannot be orphaned by a client that vanishes (issue
"management plane under attack", lifecycles).

A vanishing client is an SSH connection reset (TCP RST) right after it sent its request:
the daemon may handle the request after it noticed the session's end. Everything is bounded
in rounds and in time; figures measured on the 2-core test machine are in the constants.
"""

from __future__ import annotations

import socket
import struct
import time

import paramiko
import pytest

import harness
from lxml import etree

from datastore_util import (NC, assert_ok, commit_config, contact, edit_ok, rpc_errors, session, show, system,
                            wait_until, xml_of)

# 500 rounds of lock-then-reset: about 25 ms each here (SSH key login, hello, lock, RST).
RESET_ROUNDS = 500
# 200 rounds of lock / close-session / lock from another session.
CLOSE_ROUNDS = 200
# A confirmed commit whose session resets is rolled back "at once" (RFC 6241 §8.4.1): the
# daemon notices the reset and rolls back; this bounds the noticing on a loaded machine.
ROLLBACK_BOUND_S = 10.0
SSH_TIMEOUT_S = 10.0

EOM = b"]]>]]>"
HELLO_10 = (b'<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
            b"<capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>" + EOM)


def rpc(body: str, message_id: int = 1) -> bytes:
    return f'<rpc xmlns="{NC}" message-id="{message_id}">{body}</rpc>'.encode() + EOM


class RawSession:
    """A NETCONF session over paramiko that can vanish with a TCP reset."""

    def __init__(self, port: int, creds):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=SSH_TIMEOUT_S)
        self.transport = paramiko.Transport(self.sock)
        self.transport.start_client(timeout=SSH_TIMEOUT_S)
        key = paramiko.Ed25519Key.from_private_key_file(str(creds.key_file))
        self.transport.auth_publickey(creds.key_user, key)
        self.channel = self.transport.open_session(timeout=SSH_TIMEOUT_S)
        self.channel.settimeout(SSH_TIMEOUT_S)
        self.channel.invoke_subsystem("netconf")
        self.buffer = b""
        self.read_message()  # the server hello
        self.channel.sendall(HELLO_10)

    def read_message(self) -> bytes:
        while EOM not in self.buffer:
            data = self.channel.recv(65536)
            if not data:
                raise EOFError("session closed")
            self.buffer += data
        message, self.buffer = self.buffer.split(EOM, 1)
        return message

    def send(self, body: str, message_id: int = 1) -> None:
        self.channel.sendall(rpc(body, message_id))

    def request(self, body: str, message_id: int = 1) -> bytes:
        self.send(body, message_id)
        return self.read_message()

    def reset(self) -> None:
        """Vanish: RST instead of a clean close, nothing more read."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()
        self.transport.close()

    def close(self) -> None:
        self.transport.close()


LOCK_RUNNING = "<lock><target><running/></target></lock>"


def test_a_lock_sent_just_before_a_reset_never_stays_held(make_daemon, nc, creds):
    d = make_daemon(name="lock-reset")
    started = time.monotonic()
    for _ in range(RESET_ROUNDS):
        s = RawSession(d.port, creds)
        s.send(LOCK_RUNNING)
        s.reset()
    print(f"{RESET_ROUNDS} lock-then-reset rounds in {time.monotonic() - started:.1f} s")
    m = session(nc, d)

    def lockable():
        reply = m.lock("running")
        return reply if not rpc_errors(reply) else None

    wait_until(lockable, 15, 0.2, "running lockable after the resets")
    assert_ok(m.unlock("running"))


def test_close_session_releases_the_lock_before_its_ok(make_daemon, nc, creds):
    d = make_daemon(name="close-release")
    other = RawSession(d.port, creds)
    try:
        for round_ in range(CLOSE_ROUNDS):
            holder = RawSession(d.port, creds)
            assert b"<ok/>" in holder.request(LOCK_RUNNING), round_
            assert b"<ok/>" in holder.request("<close-session/>", 2), round_
            holder.close()
            reply = other.request(LOCK_RUNNING, round_ + 10)
            assert b"<ok/>" in reply, f"round {round_}: lock right after close-session refused: {reply!r}"
            assert b"<ok/>" in other.request("<unlock><target><running/></target></unlock>", round_ + 10)
    finally:
        other.close()


def confirmed_commit_then_reset(port: int, creds, value: str) -> None:
    s = RawSession(port, creds)
    edit = (f'<edit-config><target><candidate/></target><config>'
            f'<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><contact>{value}</contact></system>'
            f"</config></edit-config>")
    assert b"<ok/>" in s.request(edit)
    s.send("<commit><confirmed/><confirm-timeout>600</confirm-timeout></commit>", 2)
    s.reset()


def test_a_confirmed_commit_whose_session_resets_is_rolled_back_at_once(make_daemon, nc, creds):
    d = make_daemon(name="confirmed-reset")
    m = session(nc, d)
    commit_config(m, system("<contact>stable</contact>"))
    for round_ in range(20):
        confirmed_commit_then_reset(d.port, creds, f"tentative-{round_}")
        wait_until(lambda: contact(m, "running") == "stable", ROLLBACK_BOUND_S, 0.05,
                   f"round {round_}: rolled back once its session is gone")
    # Nothing is left pending: another session commits, and it stays.
    edit_ok(m, system("<contact>after</contact>"))
    assert_ok(m.commit())
    assert contact(m, "running") == "after"


COMMITS = {"c": "urn:meridian:params:xml:ns:yang:meridian-commits"}


def commits_state(m) -> etree._Element:
    """meridian-commits /commits from <get>."""
    reply = m.get(filter=("subtree", f'<commits xmlns="{COMMITS["c"]}"/>'))
    found = xml_of(reply).find(".//c:commits", namespaces=COMMITS)
    assert found is not None, show(reply)
    return found


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGKILL"])
def test_a_confirmed_commit_pending_at_a_stop_is_rolled_back_at_the_next_start(make_daemon, nc, creds, stop):
    import signal

    d = make_daemon(name=f"confirmed-{stop}")
    m = session(nc, d)
    commit_config(m, system("<contact>before</contact>"))
    edit_ok(m, system("<contact>pending</contact>"))
    assert_ok(m.commit(confirmed=True, timeout="600", persist="keep"))
    assert contact(m, "running") == "pending"
    state = commits_state(m)
    assert state.findtext("c:commits-waiting", namespaces=COMMITS) == "0"
    assert state.findtext("c:confirmed-commit/c:persistent", namespaces=COMMITS) == "true"
    assert state.find("c:confirmed-commit/c:session-id", namespaces=COMMITS) is None, "a persist token has no owner"
    assert state.find("c:last-rollback", namespaces=COMMITS) is None
    code = d.stop(getattr(signal, stop))
    assert code == (0 if stop == "SIGTERM" else -signal.SIGKILL), code
    restarted = make_daemon(state_dir=d.state_dir, name=f"confirmed-{stop}-restarted")
    m2 = session(nc, restarted)
    assert contact(m2, "running") == "before"
    assert "confirmed commit was pending" in restarted.log_text()
    state = commits_state(m2)
    assert state.find("c:confirmed-commit", namespaces=COMMITS) is None
    assert state.findtext("c:last-rollback/c:outcome", namespaces=COMMITS) == "rolled-back", etree.tostring(state)
    # Nothing is pending any more.
    assert rpc_errors(m2.commit(persist_id="keep")), "the old persist-id names nothing"
