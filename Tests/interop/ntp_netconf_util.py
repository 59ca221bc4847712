"""Pieces of test_ntp_netconf.py: NTP configuration as NETCONF XML, the engine's
state read back with `<get>`, and the daemon's UDP sockets read from /proc.

A daemon's sockets are found precisely: the inodes of /proc/PID/fd/* that are
`socket:[N]`, matched against the inode column of /proc/net/udp and
/proc/net/udp6. So a test sees exactly the local address:port pairs the agent
(and nothing else on the host) has bound.
"""

from __future__ import annotations

import os
import socket
import struct
from pathlib import Path

import pytest
from lxml import etree

import harness
from datastore_util import (
    IANAIFT, IF, IP, NC, SYS, assert_ok, assert_survived, copy_inline, dispatch, own_daemon, reset_session,
    session, wait_until, xml_of,
)
from harness import Daemon

MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"


# -- configuration XML --------------------------------------------------------


def m(tag: str, value: str | int) -> str:
    """A meridian-ntp leaf."""
    return f'<{tag} xmlns="{MNTP}">{value}</{tag}>'


def server(name: str, address: str, port: int | None = None, *, kind: str = "server", iburst: bool = True,
           prefer: bool | None = None, minpoll: int | None = -1, maxpoll: int | None = 0, extra: str = "",
           op: str | None = None) -> str:
    attr = f' xmlns:nc="{NC}" nc:operation="{op}"' if op else ""
    udp = f"<udp><address>{address}</address>" + (f"<port>{port}</port>" if port is not None else "") + "</udp>"
    body = f"<name>{name}</name>{udp}<association-type>{kind}</association-type>"
    if iburst:
        body += "<iburst>true</iburst>"
    if prefer is not None:
        body += f"<prefer>{'true' if prefer else 'false'}</prefer>"
    if minpoll is not None:
        body += m("minpoll", minpoll)
    if maxpoll is not None:
        body += m("maxpoll", maxpoll)
    return f"<server{attr}>{body}{extra}</server>"


def ntp(port: int, *servers: str, listen: list[str] | None = None, enabled: bool = True, extra: str = "",
        op: str | None = None) -> str:
    attr = f' xmlns:nc="{NC}" nc:operation="{op}"' if op else ""
    body = f"<enabled>{'true' if enabled else 'false'}</enabled>" + m("port", port)
    for name in listen or []:
        body += m("listen-interface", name)
    return f"<ntp{attr}>{body}{extra}{''.join(servers)}</ntp>"


def system(*inner: str) -> str:
    return f'<system xmlns="{SYS}">{"".join(inner)}</system>'


def iface(name: str, ipv4: list[str] = (), ipv6: list[str] = (), ntp_extra: str = "") -> str:
    body = f'<name>{name}</name><type xmlns:ianaift="{IANAIFT}">ianaift:softwareLoopback</type>'
    if ipv4:
        body += f'<ipv4 xmlns="{IP}">' + "".join(
            f"<address><ip>{a}</ip><prefix-length>32</prefix-length></address>" for a in ipv4) + "</ipv4>"
    if ipv6:
        body += f'<ipv6 xmlns="{IP}">' + "".join(
            f"<address><ip>{a}</ip><prefix-length>128</prefix-length></address>" for a in ipv6) + "</ipv6>"
    if ntp_extra:
        body += f'<ntp xmlns="{MNTP}">{ntp_extra}</ntp>'
    return f"<interface>{body}</interface>"


def interfaces(*entries: str) -> str:
    return f'<interfaces xmlns="{IF}">{"".join(entries)}</interfaces>'


def replace_and_commit(mgr, *fragments: str) -> None:
    """Candidate := exactly these fragments, then commit (fails on rpc-error)."""
    assert_ok(copy_inline(mgr, "candidate", *fragments))
    assert_ok(mgr.commit())


# -- state read back with <get> ---------------------------------------------------


def get_ntp_state(mgr) -> etree._Element:
    reply = mgr.get(filter=("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"/></system-state>'))
    root = xml_of(reply)
    assert root.find(f"{{{NC}}}rpc-error") is None, reply.xml
    return root


def _leaves(element) -> dict:
    return {etree.QName(c).localname: (c.text or "") for c in element if len(c) == 0}


def clock_state(mgr) -> dict:
    cs = get_ntp_state(mgr).find(f".//{{{MNTP}}}clock-state")
    return {} if cs is None else _leaves(cs)


def associations(mgr) -> dict[tuple[str, str], dict]:
    """{(address, local-mode): leaves} of /system-state/ntp/association."""
    out = {}
    for a in get_ntp_state(mgr).iter(f"{{{MNTP}}}association"):
        leaves = _leaves(a)
        out[(leaves.get("address"), leaves.get("local-mode"))] = leaves
    return out


def wait_selected(mgr, address: str, kind: str, stratum: str, timeout: float) -> tuple[dict, dict]:
    """Waits until the `kind` association of `address` is the sys-peer and the clock is
    synchronized at `stratum`; returns (association, clock-state)."""
    def synced():
        a = associations(mgr).get((address, kind))
        c = clock_state(mgr)
        if a and a.get("selection") == "sys-peer" and c.get("status") == "synchronized" and c.get("stratum") == stratum:
            return a, c
        return None
    try:
        return wait_until(synced, timeout, interval=0.2, what=f"{kind} association of {address} as sys-peer at stratum {stratum}")
    except AssertionError as e:
        raise AssertionError(f"{e}\nassociations: {associations(mgr)}\nclock: {clock_state(mgr)}") from None


def statistics(mgr) -> dict[str, int]:
    st = get_ntp_state(mgr).find(f".//{{{MNTP}}}statistics")
    return {} if st is None else {k: int(v) for k, v in _leaves(st).items()}


def reset_statistics(mgr):
    return dispatch(mgr, f'<reset-statistics xmlns="{MNTP}"/>')


# -- the daemon's UDP sockets -------------------------------------------------


def _proc_addr(hex_addr: str, v6: bool) -> str:
    ip_hex, port_hex = hex_addr.split(":")
    port = int(port_hex, 16)
    raw = bytes.fromhex(ip_hex)
    if v6:
        # four little-endian 32-bit words
        raw = b"".join(struct.pack("<I", struct.unpack(">I", raw[i:i + 4])[0]) for i in range(0, 16, 4))
        ip = socket.inet_ntop(socket.AF_INET6, raw)
        return f"[{ip}]:{port}"
    ip = socket.inet_ntop(socket.AF_INET, struct.pack("<I", int(ip_hex, 16)))
    return f"{ip}:{port}"


def process_socket_inodes(pid: int) -> set[int]:
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def udp_sockets(pid: int) -> set[str]:
    """Local 'address:port' of every UDP socket process `pid` holds (/proc/net/udp{,6})."""
    inodes = process_socket_inodes(pid)
    out = set()
    for table, v6 in (("/proc/net/udp", False), ("/proc/net/udp6", True)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[9]) in inodes:
                out.add(_proc_addr(fields[1], v6))
    return out


def proc_net_udp_lines(addresses: list[str]) -> list[str]:
    """Raw /proc/net/udp rows whose local address is one of `addresses` (for failure messages)."""
    wanted = {f"{struct.unpack('<I', socket.inet_aton(a))[0]:08X}" for a in addresses}
    return [line for line in Path("/proc/net/udp").read_text().splitlines()[1:]
            if line.split()[1].split(":")[0] in wanted]


# -- the module's daemon --------------------------------------------------------


@pytest.fixture(scope="module")
def ntp_daemon(tmp_path_factory, state_template):
    """A daemon of this module's own: its engine state never leaks into other files."""
    yield from own_daemon(tmp_path_factory, state_template, "ntp-netconf")


@pytest.fixture
def agent(ntp_daemon, nc):
    """(daemon, session) with running and candidate empty: NTP absent, engine stopped."""
    d = ntp_daemon
    mgr = reset_session(nc, d, replace_and_commit)
    yield d, mgr
    assert_survived(d)
