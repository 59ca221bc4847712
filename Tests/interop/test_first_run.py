"""The first run's admin password: printed once in a box that stands out from
the log lines, kept in STATE/admin-password (mode 0600) until admin first logs
in (password or key) or the password is changed or admin removed; a first run
that cannot start leaves no user and no file behind.
"""

from __future__ import annotations

import re
import socket
import stat
import subprocess
from pathlib import Path

import pytest

import harness
from harness import Daemon

PASSWORD_FILE = "admin-password"


def connect(port: int, **kw):
    from ncclient import manager

    return manager.connect(host="127.0.0.1", port=port, hostkey_verify=False, allow_agent=False,
                           look_for_keys=False, timeout=30, **kw)


def boxed_password(log: str) -> str:
    """The password of the box: `admin password: X` on a line framed by `##`, between two
    rules of `#` with blank lines outside them."""
    lines = log.splitlines()
    at = next((i for i, l in enumerate(lines) if "admin password:" in l), None)
    assert at is not None, f"no `admin password:` line\n{log}"
    top = max(i for i in range(at) if re.fullmatch(r"#{20,}", lines[i]))
    bottom = min(i for i in range(at, len(lines)) if re.fullmatch(r"#{20,}", lines[i]))
    box = lines[top:bottom + 1]
    assert len({len(l) for l in box}) == 1, "the box's lines differ in width:\n" + "\n".join(box)
    assert all(l.startswith("##") and l.endswith("##") for l in box[1:-1]), "\n".join(box)
    assert lines[top - 1].strip() == "" and lines[bottom + 1].strip() == "", "no blank line around the box"
    return lines[at].split("admin password:", 1)[1].strip(" #")


def first_run(tmp_path: Path, name: str = "first-run") -> tuple[Daemon, str]:
    d = Daemon(tmp_path / "state", name=name).start()
    password = boxed_password(d.log_text())
    return d, password


def password_file(d: Daemon) -> Path:
    return d.state_dir / PASSWORD_FILE


def test_first_run_prints_box_and_writes_private_file(tmp_path):
    d, password = first_run(tmp_path)
    file = password_file(d)
    assert file.exists(), d.log_tail()
    mode = stat.S_IMODE(file.stat().st_mode)
    assert mode == 0o600, f"{file} has mode {oct(mode)}"
    assert file.read_text() == password + "\n"
    # The box gives the file's real path; the users file holds only a hash.
    assert str(file.resolve()) in d.log_text(), d.log_tail()
    assert password not in (d.state_dir / "users").read_text()
    assert len(password) >= 16
    assert d.stop() == 0


def test_file_stays_after_a_failed_login_and_goes_at_the_first_login(tmp_path):
    from ncclient.transport.errors import AuthenticationError

    d, password = first_run(tmp_path)
    with pytest.raises(AuthenticationError):
        connect(d.port, username="admin", password="not-" + password)
    assert password_file(d).exists(), "a failed login removed the password file"
    # Another user's login does not count either.
    harness.add_password_user(d.state_dir, "carol", "carol-secret-1")
    connect(d.port, username="carol", password="carol-secret-1").close_session()
    assert password_file(d).exists(), "carol's login removed admin's password file"

    connect(d.port, username="admin", password=password).close_session()
    assert not password_file(d).exists(), "admin's first login left the password file"
    assert d.wait_for_log(r"first login of 'admin'", timeout=5), d.log_tail()
    # The password itself still works; only the copy is gone.
    connect(d.port, username="admin", password=password).close_session()
    assert d.stop() == 0


def test_file_goes_at_the_first_key_login(tmp_path):
    d, _ = first_run(tmp_path)
    key = harness.make_keypair(tmp_path / "admin_ed25519")
    harness.add_key_user(d.state_dir, "admin", Path(str(key) + ".pub"))
    assert password_file(d).exists(), "adding a key is no password change: the file must stay"
    connect(d.port, username="admin", key_filename=str(key)).close_session()
    assert not password_file(d).exists(), "admin's first (key) login left the password file"
    assert d.stop() == 0


def test_file_goes_when_the_password_is_changed(tmp_path):
    from ncclient.transport.errors import AuthenticationError

    d, old = first_run(tmp_path)
    r = harness.run_cli(["user", "add", "admin", "--state-dir", str(d.state_dir), "--password-stdin"],
                        stdin=b"admin-new-secret-7\n")
    assert r.returncode == 0, r.stderr
    assert not password_file(d).exists(), "the password change left the old password's file"
    assert PASSWORD_FILE in r.stdout.decode(), r.stdout
    with pytest.raises(AuthenticationError):
        connect(d.port, username="admin", password=old)
    connect(d.port, username="admin", password="admin-new-secret-7").close_session()
    assert d.stop() == 0


def test_file_goes_when_admin_is_removed(tmp_path):
    d, _ = first_run(tmp_path)
    assert d.stop() == 0
    r = harness.run_cli(["user", "remove", "admin", "--state-dir", str(d.state_dir)])
    assert r.returncode == 0, r.stderr
    assert not password_file(d).exists()


def test_a_restart_keeps_the_file_until_the_first_login(tmp_path):
    d, password = first_run(tmp_path)
    assert d.stop() == 0
    again = Daemon(d.state_dir, name="second run").start()
    assert password not in again.log_text(), "the password was printed again"
    assert "admin password:" not in again.log_text()
    assert password_file(d).exists()
    assert again.wait_for_log(r"still in the file", timeout=1), again.log_tail()
    connect(again.port, username="admin", password=password).close_session()
    assert not password_file(d).exists(), "the first login after a restart left the file"
    assert again.stop() == 0


def test_first_run_on_a_busy_port_leaves_no_user(tmp_path):
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 0)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    state = tmp_path / "state"
    try:
        r = subprocess.run(
            [harness.meridiand_binary(), "run", "--state-dir", str(state), "--netconf-listen", f"127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL,
        )
    finally:
        holder.close()
    assert r.returncode != 0, r.stderr
    assert "admin password:" not in r.stderr, f"a failed start printed a password:\n{r.stderr}"
    assert not (state / PASSWORD_FILE).exists(), "a failed start left the password file"
    users = state / "users"
    assert not users.exists() or "admin:" not in users.read_text(), f"a failed start left admin: {users.read_text()}"

    # The next run, on a free port, is the first run: it creates admin and shows the password.
    d = Daemon(state, name="after the failed start").start()
    password = boxed_password(d.log_text())
    assert (state / PASSWORD_FILE).read_text() == password + "\n"
    connect(d.port, username="admin", password=password).close_session()
    assert d.stop() == 0
