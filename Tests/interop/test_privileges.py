"""Giving up root (issue #18): `--user`, the capabilities kept, SIGHUP, the state directory rules.

Started as root with `--user NAME`, meridiand switches to NAME before any thread starts
and keeps only what it needs. The sets it must show in /proc/PID/status (for every
thread, since Linux keeps them per thread):

    Uid/Gid     NAME's uid and primary gid, real = effective = saved = filesystem
    Groups      none
    CapInh      0
    CapPrm      CAP_NET_BIND_SERVICE (0x400); with --clock system also CAP_SYS_TIME (0x2000400)
    CapEff      the same as CapPrm
    CapBnd      the same as CapPrm
    CapAmb      0
    NoNewPrivs  1

The tests that need root create a system user of their own (useradd --system
--no-create-home) and remove it at the end; they skip when not run as root (CI runs as
root). The state directories of that user live in a directory under /tmp that it can
reach (pytest's own tmp_path is 0700 root). `--clock system` is only started and
inspected: nothing is committed, so the host clock is never touched.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import harness
from datastore_util import assert_ok, commit_config, session, system
from harness import Daemon
from ntp_lab import udp_port_free
from ntp_netconf_util import iface, interfaces, m, ntp, replace_and_commit
from ntp_netconf_util import system as ntp_system

CAP_NET_BIND_SERVICE = 1 << 10
CAP_SYS_TIME = 1 << 25
# The loopback address the NTP-on-123 check binds (other test files use 127.0.2.x and 127.0.10.x).
NTP_ADDRESS = "127.0.18.1"
NTP_PORT = 123
# ntpdig's own timeout per query, and how long the engine may take to answer after the commit.
NTPDIG_TIMEOUT_S = 2
SERVE_DEADLINE_S = 20.0
# A refused start ends at once; this bounds it (YANG loading and key generation are not reached).
REFUSAL_TIMEOUT_S = 60.0
SIGHUP_OBSERVE_S = 1.5

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="switching user needs root (CI runs as root)")


def status(pid: int | str, task: str | None = None) -> dict[str, str]:
    path = f"/proc/{pid}/task/{task}/status" if task else f"/proc/{pid}/status"
    fields = {}
    for line in Path(path).read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def status_lines(pid: int) -> str:
    keys = ("Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Threads")
    text = Path(f"/proc/{pid}/status").read_text().splitlines()
    return "\n".join(line for line in text if line.split(":")[0] in keys)


def assert_switched(pid: int, user: pwd.struct_passwd, capabilities: int) -> None:
    print(f"/proc/{pid}/status:\n{status_lines(pid)}")
    tasks = os.listdir(f"/proc/{pid}/task")
    assert len(tasks) > 1, "expected the daemon's threads"
    for task in tasks:
        s = status(pid, task)
        where = f"thread {task} ({s.get('Name')})"
        assert s["Uid"].split() == [str(user.pw_uid)] * 4, f"{where}: Uid {s['Uid']}"
        assert s["Gid"].split() == [str(user.pw_gid)] * 4, f"{where}: Gid {s['Gid']}"
        assert s["Groups"] == "", f"{where}: Groups {s['Groups']}"
        assert int(s["CapInh"], 16) == 0, f"{where}: CapInh {s['CapInh']}"
        for key in ("CapPrm", "CapEff", "CapBnd"):
            assert int(s[key], 16) == capabilities, f"{where}: {key} {s[key]}, expected {capabilities:016x}"
        assert int(s["CapAmb"], 16) == 0, f"{where}: CapAmb {s['CapAmb']}"
        assert s["NoNewPrivs"] == "1", f"{where}: NoNewPrivs {s['NoNewPrivs']}"


def own_user_args() -> list[str]:
    """Run as whoever runs the tests, whatever accounts exist (`--user root` as root)."""
    return ["--user", "root"] if os.geteuid() == 0 else []


def run_refused(state: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [harness.meridiand_binary(), "run", "--state-dir", str(state),
         "--netconf-listen", f"127.0.0.1:{harness.free_port()}", *args],
        capture_output=True, text=True, timeout=REFUSAL_TIMEOUT_S, stdin=subprocess.DEVNULL)


def assert_refused(r: subprocess.CompletedProcess, *needles: str) -> str:
    """Exit code 1 (CLI.md: cannot start) with one line that says why."""
    text = r.stderr.strip()
    assert r.returncode == 1, f"exit {r.returncode}:\n{r.stderr}"
    assert not re.search(r"\bready\b", r.stderr, re.IGNORECASE), r.stderr
    lines = [line for line in text.splitlines() if line.startswith("meridiand:")]
    assert len(lines) == 1, f"expected one 'meridiand: reason' line:\n{r.stderr}"
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    return lines[0]


def mode(path: Path) -> int:
    return path.lstat().st_mode & 0o7777


def chown_tree(root: Path, uid: int, gid: int) -> None:
    os.chown(root, uid, gid)
    for path in root.rglob("*"):
        os.chown(path, uid, gid, follow_symlinks=False)


# -- fixtures ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def system_user():
    """A system account of this module's own, removed at the end."""
    if os.geteuid() != 0:
        pytest.skip("creating a system user needs root")
    name = f"meridian-it{os.getpid() % 100000}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name],
                   check=True, timeout=60, capture_output=True)
    try:
        yield pwd.getpwnam(name)
    finally:
        subprocess.run(["userdel", name], timeout=60, capture_output=True)
        subprocess.run(["groupdel", name], timeout=60, capture_output=True)


@pytest.fixture
def reachable_dir():
    """A directory under /tmp that any user can traverse (pytest's tmp_path is 0700 root)."""
    base = Path(tempfile.mkdtemp(prefix="meridian-priv-", dir="/tmp"))
    base.chmod(0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def user_state(reachable_dir, state_template, system_user) -> Path:
    """A copy of the template state (alice, bob) owned by the system user."""
    state = harness.copy_state(state_template, reachable_dir / "state")
    chown_tree(state, system_user.pw_uid, system_user.pw_gid)
    return state


@pytest.fixture
def start():
    """Start daemons with given state and options; SIGTERM at the end must give exit 0."""
    started: list[Daemon] = []

    def make(state: Path, *args: str, name: str) -> Daemon:
        d = Daemon(state, list(args), name=name)
        started.append(d)
        return d.start()

    yield make
    harness.stop_all(started)


# -- the switch --------------------------------------------------------------------------


def ntpdig_answer(address: str) -> dict | None:
    r = subprocess.run(["ntpdig", "-j", "-t", str(NTPDIG_TIMEOUT_S), address],
                       capture_output=True, text=True, timeout=NTPDIG_TIMEOUT_S + 20)
    if r.returncode != 0 or not r.stdout.strip():
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])


@needs_root
def test_user_switch_keeps_only_net_bind_service_and_ntp_123_is_served(system_user, user_state, start, nc):
    if not udp_port_free(NTP_ADDRESS, NTP_PORT):
        pytest.skip(f"UDP {NTP_ADDRESS}:{NTP_PORT} is taken (ntpdig always queries port 123)")
    first = 700 + os.getpid() % 250
    low = next((p for p in range(first, first + 50) if _tcp_port_free(p)), None)
    extra = ["--netconf-listen", f"127.0.0.1:{low}"] if low else []
    d = start(user_state, "--user", system_user.pw_name, *extra, name="switched")
    assert d.wait_for_log(rf"switched to user {system_user.pw_name}\b", timeout=1), d.log_tail()
    assert_switched(d.proc.pid, system_user, CAP_NET_BIND_SERVICE)
    if low:
        # The NETCONF listeners are opened after the switch: port < 1024 takes the capability.
        with socket.create_connection(("127.0.0.1", low), timeout=5) as s:
            assert s.recv(64).startswith(b"SSH-2.0-"), f"no SSH banner on 127.0.0.1:{low}"

    # NTP sockets are opened on commit, long after the switch: port 123 on a new address.
    mgr = session(nc, d)
    replace_and_commit(mgr, ntp_system(ntp(NTP_PORT, listen=["ntp0"], extra=m("refclock-master", "<stratum>4</stratum>"))),
                       interfaces(iface("ntp0", [NTP_ADDRESS])))
    deadline = time.monotonic() + SERVE_DEADLINE_S
    answer = None
    while answer is None and time.monotonic() < deadline:
        answer = ntpdig_answer(NTP_ADDRESS)
    assert answer is not None, f"ntpdig {NTP_ADDRESS}: no answer within {SERVE_DEADLINE_S}s\n{d.log_tail()}"
    assert answer["stratum"] == 4, answer
    # The files it wrote since are the user's.
    for path in d.state_dir.rglob("*"):
        assert path.lstat().st_uid == system_user.pw_uid, f"{path} is not owned by {system_user.pw_name}"
    assert_switched(d.proc.pid, system_user, CAP_NET_BIND_SERVICE)


def _tcp_port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@needs_root
def test_clock_system_keeps_cap_sys_time_too(system_user, user_state, start):
    # Only inspected: nothing is committed, so the engine never disciplines the host clock.
    d = start(user_state, "--user", system_user.pw_name, "--clock", "system", name="switched-system-clock")
    assert_switched(d.proc.pid, system_user, CAP_NET_BIND_SERVICE | CAP_SYS_TIME)
    assert re.search(r"capabilities=CAP_NET_BIND_SERVICE CAP_SYS_TIME", d.log_text()), d.log_tail()


@needs_root
@pytest.mark.parametrize("clock, kept", [("virtual", CAP_NET_BIND_SERVICE), ("system", CAP_NET_BIND_SERVICE | CAP_SYS_TIME)])
def test_started_as_the_user_with_ambient_capabilities_it_keeps_only_what_it_needs(system_user, user_state, clock, kept):
    # As systemd starts it (examples/systemd/meridiand.service): User=, AmbientCapabilities=.
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    prefix = ["setpriv", f"--reuid={system_user.pw_uid}", f"--regid={system_user.pw_gid}", "--clear-groups",
              "--inh-caps=+net_bind_service,+sys_time", "--ambient-caps=+net_bind_service,+sys_time"]
    d = Daemon(user_state, ["--clock", clock], name=f"ambient-{clock}", command_prefix=prefix)
    try:
        d.start()
        print(f"/proc/{d.proc.pid}/status:\n{status_lines(d.proc.pid)}")
        for task in os.listdir(f"/proc/{d.proc.pid}/task"):
            s = status(d.proc.pid, task)
            assert s["Uid"].split() == [str(system_user.pw_uid)] * 4, s["Uid"]
            assert (int(s["CapPrm"], 16), int(s["CapEff"], 16)) == (kept, kept), (s["CapPrm"], s["CapEff"])
            assert int(s["CapInh"], 16) == 0 and int(s["CapAmb"], 16) == 0, (s["CapInh"], s["CapAmb"])
            assert s["NoNewPrivs"] == "1"
    finally:
        if d.proc is not None and d.exit_code is None:
            assert d.stop() == 0, d.log_tail()


@needs_root
def test_a_new_state_directory_is_created_for_the_user(system_user, reachable_dir, start):
    state = reachable_dir / "new" / "state"
    d = start(state, "--user", system_user.pw_name, name="switched-fresh")
    assert state.stat().st_uid == system_user.pw_uid and mode(state) == 0o700
    assert mode(state.parent) == 0o755, "a parent created for another user must let it through"
    assert d.wait_for_log(r"password:", timeout=1), "first run: admin's password box"
    for path in state.rglob("*"):
        assert path.lstat().st_uid == system_user.pw_uid, f"{path} is not owned by {system_user.pw_name}"
        assert mode(path) & 0o077 == 0, f"{path}: {oct(mode(path))}"


@needs_root
def test_user_add_as_root_writes_as_the_owner_of_the_state_directory(system_user, user_state, tmp_path, start, nc):
    # The key file is somewhere only root can read: it is read before the switch.
    key = harness.make_keypair(tmp_path / "carol_ed25519")
    r = harness.run_cli(["user", "add", "carol", "--state-dir", str(user_state), "--authorized-key", str(key) + ".pub"])
    assert r.returncode == 0, r.stderr
    r = harness.run_cli(["user", "add", "dave", "--state-dir", str(user_state), "--password-stdin"], stdin=b"dave-pw-12345\n")
    assert r.returncode == 0, r.stderr
    for path in [user_state / "users", user_state / "authorized_keys" / "carol"]:
        assert path.stat().st_uid == system_user.pw_uid, f"{path} belongs to uid {path.stat().st_uid}"
    d = start(user_state, "--user", system_user.pw_name, name="switched-users")
    nc(d, username="carol", key_filename=str(key), password=None).close_session()
    nc(d, username="dave", password="dave-pw-12345").close_session()
    r = harness.run_cli(["user", "remove", "dave", "--state-dir", str(user_state)])
    assert r.returncode == 0, r.stderr
    assert (user_state / "users").stat().st_uid == system_user.pw_uid and b"dave:" not in (user_state / "users").read_bytes()


@needs_root
def test_without_a_meridian_account_root_stays_root_and_says_so(make_daemon):
    try:
        pwd.getpwnam("meridian")
        pytest.skip("this machine has a 'meridian' account: run switches to it by default")
    except KeyError:
        pass
    d = make_daemon(name="default-user")
    line = d.wait_for_log(r"running as root: there is no user 'meridian'", timeout=1)
    assert line and "useradd --system" in line and "--user root" in line, d.log_tail()
    assert status(d.proc.pid)["Uid"].split() == ["0"] * 4
    quiet = make_daemon("--user", "root", name="explicit-root")
    assert "there is no user" not in quiet.log_text() and "running as root (--user root)" in quiet.log_text()


# -- SIGHUP --------------------------------------------------------------------------------


def test_sighup_is_logged_and_leaves_it_running(make_daemon, nc):
    d = make_daemon(*own_user_args(), name="sighup")
    since = d.log_len()
    for _ in range(3):
        d.proc.send_signal(signal.SIGHUP)
    assert d.wait_for_log(r"SIGHUP", timeout=10, since=since), d.log_tail(since)
    time.sleep(SIGHUP_OBSERVE_S)
    assert d.alive(), f"SIGHUP ended meridiand (exit {d.proc.poll()})\n{d.log_tail(since)}"
    nc(d).close_session()
    assert d.stop() == 0


# -- state directory rules -------------------------------------------------------------------


@needs_root
def test_state_directory_of_another_user_is_refused(system_user, reachable_dir, state_template):
    state = harness.copy_state(state_template, reachable_dir / "state")   # root's
    line = assert_refused(run_refused(state, "--user", system_user.pw_name),
                          f"state directory {state} is owned by uid 0 (root), not by {system_user.pw_name}",
                          f"chown -R {system_user.pw_name}: {state}")
    print(line)
    # And the other way round: root (here explicitly) does not run in a user's directory.
    chown_tree(state, system_user.pw_uid, system_user.pw_gid)
    assert_refused(run_refused(state, "--user", "root"), f"is owned by uid {system_user.pw_uid} ({system_user.pw_name}), not by root")


@pytest.mark.parametrize("bits, who", [(0o770, "its group"), (0o707, "others"), (0o777, "others")],
                         ids=["group-writable", "world-writable", "0777"])
def test_state_directory_writable_by_others_is_refused(new_state, bits, who):
    new_state.chmod(bits)
    line = assert_refused(run_refused(new_state, *own_user_args()),
                          f"state directory {new_state} is writable by {who} (mode {bits:04o})", f"chmod go-w {new_state}")
    print(line)
    assert mode(new_state) == bits, "a refused directory is left as it was"


@needs_root
def test_a_file_of_another_user_inside_is_refused(new_state):
    os.chown(new_state / "users", 65534, 65534)
    assert_refused(run_refused(new_state, "--user", "root"), f"state directory {new_state}: users is owned by uid 65534")


def test_a_file_writable_by_others_inside_is_refused(new_state):
    (new_state / "users").chmod(0o666)
    assert_refused(run_refused(new_state, *own_user_args()),
                   f"state directory {new_state}: users is writable by others (mode 0666)")


def test_modes_readable_by_others_are_tightened_at_start(new_state, make_daemon):
    new_state.chmod(0o755)
    (new_state / "users").chmod(0o644)
    (new_state / "authorized_keys").chmod(0o755)
    keys = next((new_state / "authorized_keys").iterdir())
    keys.chmod(0o640)
    d = make_daemon(*own_user_args(), state_dir=new_state, name="tightened")
    assert mode(new_state) == 0o700 and mode(new_state / "users") == 0o600
    assert mode(new_state / "authorized_keys") == 0o700 and mode(keys) == 0o600
    fixed = [line for line in d.log_text().splitlines() if "removed the access of group and others" in line]
    assert len(fixed) == 4, "\n".join(fixed) or d.log_tail()
    assert any("mode=0644 -> 0600" in line and str(new_state / "users") in line for line in fixed), fixed


@pytest.mark.parametrize("args, needle", [
    (["--user", "no-such-user-here"], "--user no-such-user-here: no such user"),
    (["--user", ""], "--user needs a user name"),
], ids=["unknown-user", "empty-user"])
def test_bad_user_is_a_usage_error_64(tmp_path, args, needle):
    r = harness.run_cli(["run", "--state-dir", str(tmp_path / "state"), *args], timeout=30)
    assert r.returncode == 64, r.stderr
    assert needle in r.stderr.decode(), r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="as root any user can be chosen")
def test_switching_user_needs_root(tmp_path):
    r = harness.run_cli(["run", "--state-dir", str(tmp_path / "state"), "--user", "root"], timeout=30)
    assert r.returncode == 64 and b"only root can switch" in r.stderr, r.stderr


# -- links planted at the paths meridiand writes ----------------------------------------------------


def planted_victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    return victim


def test_a_link_planted_at_the_next_running_slot_is_not_followed(make_daemon, nc, tmp_path):
    d = make_daemon(*own_user_args(), name="slot-link")
    mgr = session(nc, d)
    commit_config(mgr, system("<contact>one</contact>"))
    commit_config(mgr, system("<contact>two</contact>"))
    slots = [d.state_dir / f"running-{s}.xml" for s in "ab"]
    generation = {p: int(re.search(rb"generation=(\d+)", p.read_bytes()).group(1)) for p in slots}
    older = min(slots, key=generation.get)           # the slot the next commit overwrites
    victim = planted_victim(tmp_path)
    older.unlink()
    older.symlink_to(victim)
    commit_config(mgr, system("<contact>three</contact>"))
    assert victim.read_text() == "precious\n", "the commit wrote through the planted link"
    assert not older.is_symlink() and b"three" in older.read_bytes()
    assert mode(older) == 0o600


def test_a_link_planted_at_the_temporary_startup_file_is_not_followed(make_daemon, nc, tmp_path):
    d = make_daemon(*own_user_args(), name="tmp-link")
    mgr = session(nc, d)
    commit_config(mgr, system("<contact>saved</contact>"))
    # startup.xml is replaced through startup.xml.tmp-PID: a name anyone can predict.
    temporary = d.state_dir / f"startup.xml.tmp-{d.proc.pid}"
    victim = planted_victim(tmp_path)
    temporary.symlink_to(victim)
    assert_ok(mgr.copy_config(source="running", target="startup"))
    assert victim.read_text() == "precious\n", "copy-config wrote through the planted link"
    assert not temporary.exists() and not temporary.is_symlink()
    startup = d.state_dir / "startup.xml"
    assert not startup.is_symlink() and b"saved" in startup.read_bytes() and mode(startup) == 0o600
