"""Real NTP programs on loopback for the NTP engine's interop tests.

`Lab` runs the engine alone (`ntp-lab`, built next to $MERIDIAND) from a
JSON configuration and reads its JSON snapshot; `Chrony` runs a private
chronyd (always `-x`: it never touches the clock) with its own config, pid
file and command port. Everything binds 127.0.0.0/8 only, and every wait has
a deadline.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0

_LIVE: set = set()


def lab_binary() -> str:
    meridiand = os.environ.get("MERIDIAND")
    if not meridiand:
        raise RuntimeError("MERIDIAND is not set (make test sets it); ntp-lab is built next to it")
    path = os.path.join(os.path.dirname(meridiand), "ntp-lab")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"{path} is not an executable file (swift build builds it with meridiand)")
    return path


def free_udp_port(address: str = "127.0.0.1") -> int:
    """A UDP port on `address` that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def udp_port_free(address: str, port: int) -> bool:
    """Whether `port` on `address` can be bound now."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind((address, port))
            return True
        except OSError:
            return False


def free_udp_port_on_all(addresses: list[str], attempts: int = 50) -> int:
    """A UDP port that was free a moment ago on every one of `addresses`."""
    for _ in range(attempts):
        port = free_udp_port(addresses[0])
        if all(udp_port_free(a, port) for a in addresses[1:]):
            return port
    raise AssertionError(f"no UDP port free on all of {addresses} in {attempts} attempts")


def wait_until(predicate, timeout: float, interval: float = 0.1):
    """Polls `predicate` until it returns a truthy value or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return value
        time.sleep(interval)


class _Process:
    name = "process"

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None
        self.lines: list[str] = []
        self._lock = threading.Lock()

    def _spawn(self, args: list[str], ready_word: str | None) -> None:
        self.lines.append("$ " + " ".join(args))
        ready = threading.Event()
        self.proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
        )
        _LIVE.add(self)

        def pump():
            for raw in iter(self.proc.stdout.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\n")
                with self._lock:
                    self.lines.append(line)
                if ready_word and ready_word in line:
                    ready.set()
            self.proc.stdout.close()

        threading.Thread(target=pump, daemon=True).start()
        if ready_word:
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not ready.wait(0.05):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise AssertionError(f"{self.name} did not start:\n{self.log()}")

    def log(self) -> str:
        with self._lock:
            return "\n".join(self.lines[-200:])

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.kill()
        _LIVE.discard(self)
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        _LIVE.discard(self)


class Lab(_Process):
    """One engine (`ntp-lab CONFIG --status-file STATUS`)."""

    def __init__(self, workdir: Path, config: dict, name: str = "ntp-lab"):
        super().__init__(workdir)
        self.name = name
        self.config = config
        workdir.mkdir(parents=True, exist_ok=True)
        self.config_path = workdir / f"{name}.json"
        self.status_path = workdir / f"{name}.status.json"

    def start(self) -> "Lab":
        self.config_path.write_text(json.dumps(self.config))
        self._spawn(
            [lab_binary(), str(self.config_path), "--status-file", str(self.status_path), "--interval", "0.1"],
            "ntp-lab ready",
        )
        return self

    def status(self) -> dict:
        """The latest snapshot the engine wrote ({} before the first)."""
        try:
            return json.loads(self.status_path.read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def clock(self) -> dict:
        return self.status().get("clock", {})

    def counters(self) -> dict:
        return self.status().get("counters", {})

    def association(self, name: str) -> dict:
        for association in self.status().get("associations", []):
            if association["name"] == name:
                return association
        return {}


class Chrony(_Process):
    """A private chronyd: `-x` (never touches the clock), `-d` (foreground),
    its own config, pid file and UDP command port on 127.0.0.1."""

    name = "chronyd"

    def __init__(self, workdir: Path, address: str, port: int, lines: list[str], keys: list[str] | None = None):
        super().__init__(workdir)
        workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.address = address
        self.port = port
        self.command_port = free_udp_port()
        config = [
            f"port {port}",
            f"bindaddress {address}",
            f"cmdport {self.command_port}",
            "bindcmdaddress 127.0.0.1",
            f"pidfile {workdir / 'chronyd.pid'}",
            f"dumpdir {workdir}",
            "allow 127.0.0.0/8",
            *lines,
        ]
        if keys is not None:
            key_file = workdir / "chrony.keys"
            key_file.write_text("\n".join(keys) + "\n")
            key_file.chmod(0o600)
            config.append(f"keyfile {key_file}")
        self.config_path = workdir / "chrony.conf"
        self.config_path.write_text("\n".join(config) + "\n")

    def start(self) -> "Chrony":
        user = ["-u", "root"] if os.geteuid() == 0 else ["-U"]
        self._spawn(["chronyd", "-x", "-d", *user, "-f", str(self.config_path)], "chronyd version")
        return self

    def chronyc(self, *args: str) -> str:
        result = subprocess.run(
            ["chronyc", "-h", "127.0.0.1", "-p", str(self.command_port), "-n", *args],
            capture_output=True, text=True, timeout=10, check=False,
        )
        return result.stdout

    def tracking(self) -> dict:
        """`chronyc tracking` as a dict (stratum, reference address, offsets)."""
        fields = self.chronyc("-c", "tracking").strip().split(",")
        if len(fields) < 14:
            return {}
        return {
            "reference_id": fields[0],
            "reference": fields[1],
            "stratum": int(fields[2]),
            "system_offset": float(fields[4]),
            "last_offset": float(fields[5]),
            "leap": fields[13],
        }

    def sources(self) -> list[dict]:
        """`chronyc sources` rows: mode (^ server, = peer), state, address, stratum, reach."""
        rows = []
        for line in self.chronyc("-c", "sources").splitlines():
            fields = line.split(",")
            if len(fields) >= 6:
                rows.append({"mode": fields[0], "state": fields[1], "address": fields[2],
                             "stratum": int(fields[3]), "reach": int(fields[5], 8)})
        return rows

    def serverstats(self) -> str:
        return self.chronyc("serverstats")


def sntp_query(address: str, port: int, timeout: float = 2.0, packet: bytes | None = None) -> bytes | None:
    """Sends one mode-3 request (or `packet`) and returns the raw reply."""
    request = packet or struct.pack("!B47x", (4 << 3) | 3)[:40] + struct.pack("!Q", (int(time.time()) + 2208988800) << 32)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(request, (address, port))
        try:
            return s.recv(2048)
        except socket.timeout:
            return None


def kill_leftovers() -> None:
    for process in list(_LIVE):
        process.kill()


atexit.register(kill_leftovers)
