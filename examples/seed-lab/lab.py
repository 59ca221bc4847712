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

With --auth every device also gets one trusted AES-CMAC key (key id 10, a
fresh random secret for each run) with authentication enabled, and D's server
C and E's peer D use it: then D mobilizes E's symmetric-passive association
only because E's packets carry a valid MAC, and nothing unauthenticated is
used for synchronization.

Usage:  examples/seed-lab/run.sh [--timeout 60] [--ntp-port 10123] [--keep] [--auth]
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


@dataclass(frozen=True)
class LabKey:
    """The one symmetric key all three devices share in the --auth variant."""
    key_id: int
    algorithm: str       # md5 | sha1 | aes-cmac (the engine's algorithms)
    hex_key: str = field(repr=False)

    @classmethod
    def generate(cls) -> "LabKey":
        # AES-128-CMAC takes exactly 16 octets; a new secret for every lab run.
        return cls(key_id=10, algorithm="aes-cmac", hex_key=secrets.token_hex(16))


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


def authentication_xml(key: LabKey) -> str:
    return (
        f'<authentication xmlns="{MNTP}"><enabled>true</enabled>'
        f"<key><key-id>{key.key_id}</key-id><algorithm>{key.algorithm}</algorithm>"
        f"<hex-key>{key.hex_key}</hex-key><trusted>true</trusted></key></authentication>"
    )


def server_xml(name: str, address: str, port: int, kind: str, source_interface: str | None = None,
               key_id: int | None = None) -> str:
    source = f'<source-interface xmlns="{MNTP}">{source_interface}</source-interface>' if source_interface else ""
    key = f'<key-id xmlns="{MNTP}">{key_id}</key-id>' if key_id is not None else ""
    return (
        f"<server><name>{name}</name><udp><address>{address}</address><port>{port}</port></udp>"
        f"<association-type>{kind}</association-type><iburst>true</iburst>{key}"
        # Fast polling (2^-1 .. 2^0 s) so the lab converges in seconds, not minutes.
        f'<minpoll xmlns="{MNTP}">-1</minpoll><maxpoll xmlns="{MNTP}">0</maxpoll>'
        f"{source}</server>"
    )


def device_config(device: Device, devices: dict[str, Device], ntp_port: int, key: LabKey | None = None) -> str:
    ntp = [
        "<enabled>true</enabled>",
        f'<port xmlns="{MNTP}">{ntp_port}</port>',
        f'<listen-interface xmlns="{MNTP}">{device.interface}</listen-interface>',
    ]
    key_id = key.key_id if key is not None else None
    servers = []
    if device.role == "master":
        # VRP: ntp-service refclock-master 2
        ntp.append(f'<refclock-master xmlns="{MNTP}"><stratum>2</stratum></refclock-master>')
    elif device.role == "client":
        # VRP: ntp-service unicast-server 127.0.1.31 source-interface ... [authentication-keyid 10]
        ntp.append(f'<source-interface xmlns="{MNTP}">{device.interface}</source-interface>')
        servers.append(server_xml("C", devices["C"].address, ntp_port, "server", key_id=key_id))
    elif device.role == "peer":
        # VRP: ntp-service unicast-peer 127.0.1.32 [authentication-keyid 10]
        servers.append(server_xml("D", devices["D"].address, ntp_port, "peer", device.interface, key_id=key_id))
    if key is not None:
        # VRP: ntp-service authentication enable
        #      ntp-service authentication-keyid 10 authentication-mode aes-128-cmac ...
        #      ntp-service reliable authentication-keyid 10
        ntp.append(authentication_xml(key))
    ntp += servers
    system = f'<system xmlns="{SYS}"><hostname>{device.name}</hostname><ntp>{"".join(ntp)}</ntp></system>'
    return f'<config xmlns="{NC}">{system}{interface_xml(device)}</config>'


def access_config(user: str) -> str:
    """NACM (RFC 8341): `user` in the group admin, which may do everything."""
    return (f'<config xmlns="{NC}"><nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm">'
            f'<groups><group><name>admin</name><user-name>{user}</user-name></group></groups>'
            '<rule-list><name>admin</name><group>admin</group><rule><name>permit-all</name>'
            '<module-name>*</module-name><access-operations>*</access-operations><action>permit</action>'
            '</rule></rule-list></nacm></config>')


# ncclient wraps ("subtree", inner) in a <filter> of the NETCONF namespace.
CLOCK_FILTER = ("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><clock-state/></ntp></system-state>')


ASSOCIATION_FILTER = ("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><association/></ntp></system-state>')


def parse_clock_state(data_xml: str) -> dict:
    root = etree.fromstring(data_xml.encode())
    clock = root.find(f".//{{{MNTP}}}clock-state")
    if clock is None:
        return {}
    return {etree.QName(child).localname: (child.text or "") for child in clock}


def parse_associations(data_xml: str) -> list[dict]:
    root = etree.fromstring(data_xml.encode())
    return [{etree.QName(c).localname: (c.text or "") for c in a} for a in root.iter(f"{{{MNTP}}}association")]


# -- the lab ------------------------------------------------------------------


class SeedLab:
    """Three agents, configured through NETCONF; `with SeedLab() as lab:`.

    auth=True: one shared trusted key (`self.key`, generated here), with
    authentication enabled on all three and used by D's server C and E's peer D.
    """

    def __init__(self, meridiand: str | None = None, ntp_port: int = 10123, workdir: Path | None = None,
                 keep: bool = False, log=print, auth: bool = False):
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
        self.key = LabKey.generate() if auth else None
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
        # NACM: the lab's user is in the group admin, whose rule-list permits everything (the
        # same as make run's examples/default-config.xml); without it the user could only read.
        access = self.workdir / d.name / "access.xml"
        access.write_text(access_config(self.user))
        d.netconf_port = free_tcp_port(d.address)
        d.log_path = self.workdir / d.name / "meridiand.log"
        log_file = open(d.log_path, "wb")
        d.proc = subprocess.Popen(
            [self.meridiand, "run", "--state-dir", str(d.state_dir),
             "--netconf-listen", f"{d.address}:{d.netconf_port}", "--log-level", "info",
             "--initial-config", str(access)],
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
            m.edit_config(target="candidate", config=device_config(d, self.by_name, self.ntp_port, self.key))
            m.commit()
            key = f", key {self.key.key_id} {self.key.algorithm}" if self.key else ""
            self.log(f"configured {d.name} ({d.role}{key}) over NETCONF")

    def clock_state(self, name: str) -> dict:
        reply = self.sessions[name].get(filter=CLOCK_FILTER)
        return parse_clock_state(reply.data_xml)

    def associations(self, name: str) -> dict[tuple[str, str], dict]:
        """`<get>` of /system-state/ntp/association, by (address, local-mode)."""
        reply = self.sessions[name].get(filter=ASSOCIATION_FILTER)
        return {(a.get("address"), a.get("local-mode")): a for a in parse_associations(reply.data_xml)}

    def wait_authenticated(self, timeout: float) -> dict[str, str]:
        """`authenticated` of D's client association with C, D's passive one for
        E and E's active one with D, once all are "true" or at the timeout. The
        leaf is that of the last packet that gave a sample: D gets its first from
        E one of E's polls after E synchronized, i.e. just after convergence."""
        deadline = time.monotonic() + timeout
        while True:
            d, e = self.associations("D"), self.associations("E")
            found = {"D client of C": d.get(("127.0.1.31", "client")),
                     "D passive for E": d.get(("127.0.1.33", "passive")),
                     "E active to D": e.get(("127.0.1.32", "active"))}
            flags = {what: (a.get("authenticated") or "?") if a else "absent" for what, a in found.items()}
            if all(f == "true" for f in flags.values()) or time.monotonic() >= deadline:
                return flags
            time.sleep(0.25)

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
    parser.add_argument("--auth", action="store_true",
                        help="one shared trusted AES-CMAC key (random per run), authentication enabled everywhere")
    args = parser.parse_args()

    with SeedLab(ntp_port=args.ntp_port, keep=args.keep, auth=args.auth) as lab:
        lab.configure()
        ok, elapsed, states = lab.wait_converged(args.timeout)
        print()
        print(lab.report(states))
        print()
        if ok:
            print(f"converged in {elapsed:.1f} s: C stratum 2, D stratum 3 (ref C), E stratum 4 (ref D)")
            if lab.key is not None:
                flags = lab.wait_authenticated(10.0)
                print("authenticated: " + ", ".join(f"{what} {flag}" for what, flag in flags.items()))
                ok = all(flag == "true" for flag in flags.values())
                if not ok:
                    print(f"NOT all authenticated within 10 s; logs in {lab.workdir}")
                    lab.keep = True
        else:
            print(f"NOT converged within {args.timeout:.0f} s; logs in {lab.workdir}")
            lab.keep = True
    codes = lab.stop() or {}
    print("stopped C, D, E" + ("" if all(c == 0 for c in codes.values()) else f" (exit codes {codes})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
