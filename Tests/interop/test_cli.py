"""The meridiand command line as ../shared/design/CLI.md fixes it: first run, users, signals, errors."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

import harness
from harness import Daemon
from netconf_wire import BASE_11

CRASH_SIGNS = ("Fatal error", "Stack dump", "Current stack trace", "Backtrace", "Segmentation fault")


def assert_no_crash(text: str) -> None:
    for sign in CRASH_SIGNS:
        assert sign not in text, f"looks like a crash ({sign!r}):\n{text[-2000:]}"


def connect(port: int, user: str, password: str):
    from ncclient import manager

    return manager.connect(host="127.0.0.1", port=port, username=user, password=password,
                           hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)


def host_key_fingerprint(port: int) -> str:
    r = subprocess.run(["ssh-keyscan", "-p", str(port), "-T", "10", "-t", "ed25519", "127.0.0.1"],
                       capture_output=True, text=True, timeout=60)
    return r.stdout.split()[-1] if r.stdout.strip() else ""


def files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_first_run_creates_admin_with_password_printed_once(tmp_path):
    state = tmp_path / "state"
    d = Daemon(state, name="first-run").start()
    line = d.wait_for_log(r"password:", timeout=1)
    assert line, f"no `password:` line on first run\n{d.log_tail()}"
    password = line.split("password:", 1)[1].split()[0].strip("\"'")
    assert len(password) >= 12, f"admin password {password!r} is short"
    m = connect(d.port, "admin", password)
    assert BASE_11 in set(m.server_capabilities)
    m.close_session()
    fingerprint = host_key_fingerprint(d.port)
    assert fingerprint
    assert d.stop() == 0

    # Only a hash is stored: the password appears in no file of the state directory.
    assert files_containing(state, password.encode()) == []

    # Second run: not printed again, same password still works, same host key.
    d2 = Daemon(state, name="second-run").start()
    assert password not in d2.log_text(), "admin password printed again on the second run"
    m = connect(d2.port, "admin", password)
    m.close_session()
    assert host_key_fingerprint(d2.port) == fingerprint, "host key changed between runs"
    assert d2.stop() == 0


def test_user_passwords_are_not_stored_in_plain_text(state_template, creds):
    assert files_containing(state_template, creds.password.encode()) == []
    # A salted crypt(3) hash: yescrypt ($y$) or SHA-512 ($6$), as the issue asks.
    hashes = [p for p in state_template.rglob("*") if p.is_file()
              and re.search(rb"\$(y|6)\$[./A-Za-z0-9]+\$", p.read_bytes())]
    assert hashes, f"no yescrypt or SHA-512 crypt hash in {state_template}"


def test_state_directory_keeps_host_keys_private(make_daemon):
    d = make_daemon()
    private = [p for p in d.state_dir.rglob("*") if p.is_file() and b"PRIVATE KEY" in p.read_bytes()]
    assert private, f"no private host key file in {d.state_dir}"
    for p in private:
        assert p.stat().st_mode & 0o077 == 0, f"{p} is readable by others: {oct(p.stat().st_mode)}"


def test_removed_user_is_refused(make_daemon, new_state, creds):
    from ncclient.transport.errors import AuthenticationError

    harness.add_password_user(new_state, "dave", "dave-secret-123")
    r = harness.run_cli(["user", "remove", "dave", "--state-dir", str(new_state)])
    assert r.returncode == 0, r.stderr
    d = make_daemon(state_dir=new_state)
    with pytest.raises(AuthenticationError):
        connect(d.port, "dave", "dave-secret-123")
    connect(d.port, creds.password_user, creds.password).close_session()


def test_user_with_key_and_password(make_daemon, new_state, creds, nc):
    harness.add_key_user(new_state, creds.password_user, Path(str(creds.key_file) + ".pub"))
    d = make_daemon(state_dir=new_state)
    nc(d, username=creds.password_user, key_filename=str(creds.key_file), password=None).close_session()
    nc(d).close_session()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_cleanly_with_sessions_open(make_daemon, nc, sig):
    d = make_daemon()
    m = nc(d)
    assert d.stop(sig) == 0, d.log_tail()
    deadline = time.monotonic() + 10
    while m.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not m.connected, "session still connected after the daemon exited"


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-command"],
        ["run", "--no-such-option"],
        ["run", "--state-dir", "{tmp}", "--max-sessions", "zero"],
        ["run", "--state-dir", "{tmp}", "--max-sessions", "0"],
        ["run", "--state-dir", "{tmp}", "--netconf-listen", "not-an-address"],
        ["user", "add"],
        ["user", "add", "bad name!", "--state-dir", "{tmp}", "--password-stdin"],
        ["user", "frobnicate", "erin"],
    ],
    ids=["unknown-command", "unknown-option", "non-numeric", "zero-sessions", "bad-listen-address",
         "user-add-no-name", "user-add-bad-name", "user-unknown-verb"],
)
def test_bad_command_line_is_usage_error_64(args, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path / "state")) for a in args]
    r = harness.run_cli(args, stdin=b"some-password\n", timeout=30)
    text = r.stderr.decode(errors="replace") + r.stdout.decode(errors="replace")
    assert r.returncode == 64, f"exit {r.returncode}: {text}"
    assert_no_crash(text)
    assert re.search(r"usage|error", text, re.IGNORECASE), text


def test_user_add_needs_password_or_key(tmp_path):
    r = harness.run_cli(["user", "add", "erin", "--state-dir", str(tmp_path / "s")], stdin=b"")
    assert r.returncode == 64, r.stderr
    assert_no_crash(r.stderr.decode(errors="replace"))


def test_port_in_use_fails_with_one_line_reason(tmp_path, state_template):
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        state = harness.copy_state(state_template, tmp_path / "state")
        r = subprocess.run(
            [harness.meridiand_binary(), "run", "--state-dir", str(state), "--netconf-listen", f"127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL,
        )
    finally:
        holder.close()
    assert r.returncode != 0, r.stderr
    assert_no_crash(r.stderr)
    assert not re.search(r"\bready\b", r.stderr, re.IGNORECASE), r.stderr
    assert str(port) in r.stderr or "in use" in r.stderr.lower(), r.stderr


def test_unusable_state_directory_fails(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n")
    r = subprocess.run(
        [harness.meridiand_binary(), "run", "--state-dir", str(blocker / "state"),
         "--netconf-listen", f"127.0.0.1:{harness.free_port()}"],
        capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL,
    )
    assert r.returncode != 0
    assert_no_crash(r.stderr)
