"""Start and stop a real meridiand on loopback, and collect what it logs.

Everything here talks to 127.0.0.1 only. Every wait has a deadline.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

READY_PATTERN = re.compile(r"\bready\b", re.IGNORECASE)
# How long a daemon may take from exec to its `ready` line. The first run
# generates three host keys (RSA included) on a shared 2-core machine.
READY_TIMEOUT_S = 90.0
# How long SIGTERM may take to end the daemon.
STOP_TIMEOUT_S = 20.0


def meridiand_binary() -> str:
    """The daemon under test: $MERIDIAND, as exported by the Makefile."""
    path = os.environ.get("MERIDIAND")
    if not path:
        raise RuntimeError(
            "MERIDIAND is not set: export MERIDIAND=/abs/path/to/meridiand "
            "(make test does this; by hand: MERIDIAND=$(swift build --show-bin-path)/meridiand)"
        )
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"MERIDIAND={path} is not an executable file")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(args: list[str], stdin: bytes | None = None, timeout: float = 60.0) -> subprocess.CompletedProcess:
    """Run `meridiand ARGS...` to completion (user add/remove, validate...)."""
    return subprocess.run(
        [meridiand_binary(), *args],
        input=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=timeout,
        check=False,
    )


class DaemonDied(AssertionError):
    pass


@dataclass(eq=False)
class Daemon:
    """One `meridiand run` process with its own state directory and port."""

    state_dir: Path
    extra_args: list[str] = field(default_factory=list)
    name: str = "meridiand"
    log_level: str = field(default_factory=lambda: os.environ.get("MERIDIAN_TEST_LOG_LEVEL", "debug"))
    port: int = 0
    # Where NETCONF listens, and what the command runs under (e.g. `ip netns exec NS`).
    listen_host: str = "127.0.0.1"
    command_prefix: list[str] = field(default_factory=list)
    # NACM (RFC 8341) denies writes to users no rule permits. The users the fixtures make
    # (alice, bob) are the tests' administrators: their sessions are NACM recovery sessions,
    # so tests of the datastore are free to replace all of it, /nacm included. Tests of access
    # control (test_nacm.py) pass [] and configure /nacm themselves.
    recovery_users: list[str] = field(default_factory=lambda: ["alice", "bob"])
    proc: subprocess.Popen | None = None
    lines: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ready: threading.Event = field(default_factory=threading.Event)
    _readers: list[threading.Thread] = field(default_factory=list)
    exit_code: int | None = None

    def __post_init__(self) -> None:
        ALL_DAEMONS.append(self)

    # -- lifecycle -------------------------------------------------------

    def start(self, ready_timeout: float = READY_TIMEOUT_S, attempts: int = 3) -> "Daemon":
        """Start on a free loopback port and wait for the `ready` line.

        A port picked free can be taken by someone else before the daemon
        binds it; then (and only then) try again with another port.
        """
        for attempt in range(attempts):
            self.port = free_port()
            self._spawn()
            outcome = self._wait_ready(ready_timeout)
            if outcome == "ready":
                return self
            if outcome == "exited" and attempt + 1 < attempts and "in use" in self.log_text().lower():
                self.log(f"[harness] port {self.port} was taken, retrying")
                continue
            if outcome == "timeout":
                self._kill()
                raise DaemonDied(
                    f"{self.name}: no `ready` line within {ready_timeout:.0f}s\n{self.log_tail()}"
                )
            raise DaemonDied(
                f"{self.name}: exited with {self.exit_code} before `ready`\n{self.log_tail()}"
            )
        raise AssertionError("unreachable")

    def _spawn(self) -> None:
        args = [
            *self.command_prefix,
            meridiand_binary(),
            "run",
            "--state-dir",
            str(self.state_dir),
            "--netconf-listen",
            f"{self.listen_host}:{self.port}",
            "--log-level",
            self.log_level,
            *[arg for user in self.recovery_users for arg in ("--nacm-recovery-user", user)],
            *self.extra_args,
        ]
        self.log("[harness] $ " + " ".join(args))
        self._ready.clear()
        self.exit_code = None
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        _LIVE.add(self)
        self._readers = [
            threading.Thread(target=self._pump, args=(self.proc.stderr, ""), daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stdout, "[stdout] "), daemon=True),
        ]
        for t in self._readers:
            t.start()

    def _pump(self, stream, prefix: str) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.log(prefix + line)
            if READY_PATTERN.search(line):
                self._ready.set()
        stream.close()

    def _wait_ready(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._ready.wait(0.05):
                return "ready"
            if self.proc.poll() is not None:
                for t in self._readers:
                    t.join(2)
                self.exit_code = self.proc.returncode
                _LIVE.discard(self)
                return "ready" if self._ready.is_set() else "exited"
        return "timeout"

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT_S) -> int:
        """Send SIGTERM (or SIGINT) and return the exit code; SIGKILL if it hangs."""
        if self.proc is None:
            raise AssertionError(f"{self.name} was never started")
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._kill()
                raise DaemonDied(
                    f"{self.name}: still running {timeout:.0f}s after {signal.Signals(sig).name}\n{self.log_tail()}"
                )
        for t in self._readers:
            t.join(5)
        self.exit_code = self.proc.returncode
        _LIVE.discard(self)
        self.log(f"[harness] exited with {self.exit_code}")
        return self.exit_code

    def _kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        _LIVE.discard(self)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def rss_kib(self) -> int | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            return None
        return None

    # -- log -------------------------------------------------------------

    def log(self, line: str) -> None:
        with self._lock:
            self.lines.append(line)

    def log_text(self, since: int = 0) -> str:
        with self._lock:
            return "\n".join(self.lines[since:])

    def log_len(self) -> int:
        with self._lock:
            return len(self.lines)

    def log_tail(self, since: int = 0, limit: int = 200) -> str:
        with self._lock:
            lines = self.lines[since:]
        if len(lines) > limit:
            lines = [f"... ({len(lines) - limit} earlier lines left out)"] + lines[-limit:]
        return f"--- {self.name} log (127.0.0.1:{self.port}) ---\n" + "\n".join(lines)

    def wait_for_log(self, pattern: str, timeout: float, since: int = 0) -> str | None:
        """The first log line after `since` matching the regex, or None at the deadline."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                for line in self.lines[since:]:
                    if rx.search(line):
                        return line
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)


# Daemons started and not yet stopped; killed at interpreter exit so that a
# crashed test run leaves nothing behind.
_LIVE: set[Daemon] = set()
ALL_DAEMONS: list[Daemon] = []


def stop_all(started: list[Daemon]) -> None:
    """SIGTERM every daemon still running; each must exit 0 (a fixture's teardown)."""
    failures = []
    for d in started:
        if d.proc is not None and d.exit_code is None:
            code = d.stop()
            if code != 0:
                failures.append(f"{d.name} exited with {code} on SIGTERM\n{d.log_tail()}")
    assert not failures, "\n".join(failures)


def kill_leftovers() -> None:
    for d in list(_LIVE):
        d._kill()


@dataclass
class Credentials:
    """Users put into a state directory before the first run."""

    password_user: str
    password: str
    key_user: str
    key_file: Path  # private key, OpenSSH format, authorized for key_user
    stranger_key_file: Path  # a key no user has authorized


def make_keypair(path: Path, kind: str = "ed25519") -> Path:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", f"interop-{path.name}", "-f", str(path)],
        check=True,
        timeout=60,
        stdout=subprocess.DEVNULL,
    )
    path.chmod(0o600)
    return path


def add_password_user(state_dir: Path, name: str, password: str) -> None:
    r = run_cli(["user", "add", name, "--state-dir", str(state_dir), "--password-stdin"], stdin=(password + "\n").encode())
    assert r.returncode == 0, f"user add {name} failed ({r.returncode}): {r.stderr.decode(errors='replace')}"


def add_key_user(state_dir: Path, name: str, public_key: Path) -> None:
    r = run_cli(["user", "add", name, "--state-dir", str(state_dir), "--authorized-key", str(public_key)])
    assert r.returncode == 0, f"user add {name} failed ({r.returncode}): {r.stderr.decode(errors='replace')}"


def copy_state(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest, symlinks=True)
    return dest
