#!/usr/bin/env python3
"""The vendor guide's three-router NTP example as three meridiand instances.

    C (127.0.1.31)  refclock-master, stratum 2, listening on its interface
    D (127.0.1.32)  unicast server C (client mode), source-interface D's interface
    E (127.0.1.33)  unicast peer D (symmetric active)

Each agent gets its own temporary state directory, a NETCONF (SSH) port on its
own address and the NTP UDP port (default 10123, no root needed). Every NTP
setting reaches the agents through NETCONF only (edit-config on candidate,
commit) with ncclient. The script then polls `<get>` of
/system-state/ntp/clock-state until C is at stratum 2, D at stratum 3 with
reference-id 127.0.1.31 and E at stratum 4 with reference-id 127.0.1.32 (or
the timeout passes), prints each device's clock state and stops the agents by
PID (SIGTERM).

Usage:  examples/seed-lab/run.sh [--timeout 60] [--ntp-port 10123] [--keep]
Import: `SeedLab` (a context manager) is what Tests/interop/test_seed_lab.py
uses.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from ncclient import manager

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
IF = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
IP = "urn:ietf:params:xml:ns:yang:ietf-ip"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"
IANAIFT = "urn:ietf:params:xml:ns:yang:iana-if-type"

READY_TIMEOUT_S = 90.0   # first start generates three host keys (RSA included)
STOP_TIMEOUT_S = 20.0
RPC_TIMEOUT_S = 30.0


@dataclass
class Device:
    name: str            # C, D, E: also the hostname pushed over NETCONF
    address: str         # 127.0.1.31 ...
    interface: str       # logical ietf-interfaces name carrying `address`
    role: str            # master | client | peer
    expect_stratum: int
    expect_refid: str | None
    netconf_port: int = 0
    state_dir: Path | None = None
    proc: subprocess.Popen | None = None
    log_path: Path | None = None
    ready: threading.Event = field(default_factory=threading.Event)


def default_devices() -> list[Device]:
    return [
        Device("C", "127.0.1.31", "lo-c", "master", 2, None),
        Device("D", "127.0.1.32", "lo-d", "client", 3, "127.0.1.31"),
        Device("E", "127.0.1.33", "lo-e", "peer", 4, "127.0.1.32"),
    ]


def meridiand_binary() -> str:
    path = os.environ.get("MERIDIAND") or str(REPO / ".build" / "debug" / "meridiand")
    if not os.access(path, os.X_OK):
        raise SystemExit(f"meridiand not found at {path}: run `swift build --product meridiand` or set MERIDIAND")
    return path


def free_tcp_port(address: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def udp_port_free(address: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


# -- the configuration each device gets, as NETCONF <config> -----------------


def interface_xml(device: Device) -> str:
    return (
        f'<interfaces xmlns="{IF}"><interface><name>{device.interface}</name>'
        f'<type xmlns:ianaift="{IANAIFT}">ianaift:softwareLoopback</type>'
        f'<ipv4 xmlns="{IP}"><address><ip>{device.address}</ip><prefix-length>32</prefix-length></address></ipv4>'
        "</interface></interfaces>"
    )


def server_xml(name: str, address: str, port: int, kind: str, source_interface: str | None = None) -> str:
    source = f'<source-interface xmlns="{MNTP}">{source_interface}</source-interface>' if source_interface else ""
    return (
        f"<server><name>{name}</name><udp><address>{address}</address><port>{port}</port></udp>"
        f"<association-type>{kind}</association-type><iburst>true</iburst>"
        # Fast polling (2^-1 .. 2^0 s) so the lab converges in seconds, not minutes.
        f'<minpoll xmlns="{MNTP}">-1</minpoll><maxpoll xmlns="{MNTP}">0</maxpoll>'
        f"{source}</server>"
    )


def device_config(device: Device, devices: dict[str, Device], ntp_port: int) -> str:
    ntp = [
        "<enabled>true</enabled>",
        f'<port xmlns="{MNTP}">{ntp_port}</port>',
        f'<listen-interface xmlns="{MNTP}">{device.interface}</listen-interface>',
    ]
    if device.role == "master":
        # VRP: ntp-service refclock-master 2
        ntp.append(f'<refclock-master xmlns="{MNTP}"><stratum>2</stratum></refclock-master>')
    elif device.role == "client":
        # VRP: ntp-service unicast-server 127.0.1.31 source-interface ...
        ntp.append(f'<source-interface xmlns="{MNTP}">{device.interface}</source-interface>')
        ntp.append(server_xml("C", devices["C"].address, ntp_port, "server"))
    elif device.role == "peer":
        # VRP: ntp-service unicast-peer 127.0.1.32
        ntp.append(server_xml("D", devices["D"].address, ntp_port, "peer", device.interface))
    system = f'<system xmlns="{SYS}"><hostname>{device.name}</hostname><ntp>{"".join(ntp)}</ntp></system>'
    return f'<config xmlns="{NC}">{system}{interface_xml(device)}</config>'


# ncclient wraps ("subtree", inner) in a <filter> of the NETCONF namespace.
CLOCK_FILTER = ("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><clock-state/></ntp></system-state>')


def parse_clock_state(data_xml: str) -> dict:
    root = etree.fromstring(data_xml.encode())
    clock = root.find(f".//{{{MNTP}}}clock-state")
    if clock is None:
        return {}
    return {etree.QName(child).localname: (child.text or "") for child in clock}


# -- the lab ------------------------------------------------------------------


class SeedLab:
    """Three agents, configured through NETCONF; `with SeedLab() as lab:`."""

    def __init__(self, meridiand: str | None = None, ntp_port: int = 10123, workdir: Path | None = None,
                 keep: bool = False, log=print):
        self.meridiand = meridiand or meridiand_binary()
        self.ntp_port = ntp_port
        self.keep = keep
        self.log = log
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="seed-lab-"))
        self.devices = default_devices()
        self.by_name = {d.name: d for d in self.devices}
        self.user = "admin"
        self.password = secrets.token_urlsafe(18)
        self.sessions: dict[str, manager.Manager] = {}

    # lifecycle

    def __enter__(self) -> "SeedLab":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        for d in self.devices:
            if not udp_port_free(d.address, self.ntp_port):
                raise RuntimeError(f"UDP {d.address}:{self.ntp_port} is in use; pick another with --ntp-port")
        for d in self.devices:
            self._spawn(d)
        for d in self.devices:
            self._wait_ready(d)
        for d in self.devices:
            self.sessions[d.name] = manager.connect(
                host=d.address, port=d.netconf_port, username=self.user, password=self.password,
                hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=RPC_TIMEOUT_S)

    def _spawn(self, d: Device) -> None:
        d.state_dir = self.workdir / d.name / "state"
        d.state_dir.mkdir(parents=True, mode=0o700)
        add = subprocess.run(
            [self.meridiand, "user", "add", self.user, "--state-dir", str(d.state_dir), "--password-stdin"],
            input=(self.password + "\n").encode(), capture_output=True, timeout=60)
        if add.returncode != 0:
            raise RuntimeError(f"user add failed for {d.name}: {add.stderr.decode(errors='replace')}")
        d.netconf_port = free_tcp_port(d.address)
        d.log_path = self.workdir / d.name / "meridiand.log"
        log_file = open(d.log_path, "wb")
        d.proc = subprocess.Popen(
            [self.meridiand, "run", "--state-dir", str(d.state_dir),
             "--netconf-listen", f"{d.address}:{d.netconf_port}", "--log-level", "info"],
            stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        log_file.close()
        self.log(f"started {d.name}: pid {d.proc.pid}, NETCONF {d.address}:{d.netconf_port}, state {d.state_dir}")

    def _wait_ready(self, d: Device) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if b"ready" in d.log_path.read_bytes():
                return
            if d.proc.poll() is not None:
                raise RuntimeError(f"{d.name} exited with {d.proc.returncode}:\n{d.log_path.read_text()}")
            time.sleep(0.05)
        raise RuntimeError(f"{d.name}: no `ready` within {READY_TIMEOUT_S:.0f}s:\n{d.log_path.read_text()}")

    def stop(self) -> dict[str, int | None]:
        """Close sessions, SIGTERM each agent by PID, wait; returns exit codes."""
        for m in self.sessions.values():
            try:
                m.close_session()
            except Exception:
                pass
        self.sessions.clear()
        codes: dict[str, int | None] = {}
        for d in self.devices:
            if d.proc is None:
                continue
            if d.proc.poll() is None:
                d.proc.send_signal(signal.SIGTERM)
                try:
                    d.proc.wait(STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    d.proc.kill()
                    d.proc.wait(10)
            codes[d.name] = d.proc.returncode
        if self._own_workdir and not self.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return codes

    # NETCONF

    def configure(self) -> None:
        """edit-config (merge) into candidate and commit, on each device."""
        for d in self.devices:
            m = self.sessions[d.name]
            m.edit_config(target="candidate", config=device_config(d, self.by_name, self.ntp_port))
            m.commit()
            self.log(f"configured {d.name} ({d.role}) over NETCONF")

    def clock_state(self, name: str) -> dict:
        reply = self.sessions[name].get(filter=CLOCK_FILTER)
        return parse_clock_state(reply.data_xml)

    def converged(self, states: dict[str, dict]) -> bool:
        for d in self.devices:
            s = states.get(d.name, {})
            if s.get("status") != "synchronized" or s.get("stratum") != str(d.expect_stratum):
                return False
            if d.expect_refid is not None and s.get("reference-id") != d.expect_refid:
                return False
        return True

    def wait_converged(self, timeout: float) -> tuple[bool, float, dict[str, dict]]:
        """Poll every 0.25 s; returns (converged, seconds since the call, last states)."""
        start = time.monotonic()
        while True:
            states = {d.name: self.clock_state(d.name) for d in self.devices}
            elapsed = time.monotonic() - start
            if self.converged(states) or elapsed >= timeout:
                return self.converged(states), elapsed, states
            time.sleep(0.25)

    def report(self, states: dict[str, dict]) -> str:
        rows = [f"{'device':<7}{'address':<13}{'status':<16}{'stratum':<9}reference-id"]
        for d in self.devices:
            s = states.get(d.name, {})
            rows.append(f"{d.name:<7}{d.address:<13}{s.get('status', '?'):<16}{s.get('stratum', '?'):<9}"
                        f"{s.get('reference-id', '?')}")
        return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for convergence (default 60)")
    parser.add_argument("--ntp-port", type=int, default=10123, help="NTP UDP port of all three agents (default 10123)")
    parser.add_argument("--keep", action="store_true", help="keep the state directories and logs")
    args = parser.parse_args()

    with SeedLab(ntp_port=args.ntp_port, keep=args.keep) as lab:
        lab.configure()
        ok, elapsed, states = lab.wait_converged(args.timeout)
        print()
        print(lab.report(states))
        print()
        if ok:
            print(f"converged in {elapsed:.1f} s: C stratum 2, D stratum 3 (ref C), E stratum 4 (ref D)")
        else:
            print(f"NOT converged within {args.timeout:.0f} s; logs in {lab.workdir}")
            lab.keep = True
    codes = lab.stop() or {}
    print("stopped C, D, E" + ("" if all(c == 0 for c in codes.values()) else f" (exit codes {codes})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
