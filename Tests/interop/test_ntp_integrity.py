"""The NTP engine on a hostile network: ephemeral (symmetric-passive)
associations can neither capture nor exhaust a meridiand, a request from
source port 0 costs no other client its reply, and ntpsec's ntpdig
interoperates with symmetric-key authentication. Contract: meridian-ntp
`authentication/enabled`, the ephemeral-association limits (one per source
address, reaped when unreachable at its 4th poll, per-source token bucket)
and the new counters of /system-state/ntp/statistics (ephemeral-refused,
ephemeral-reaped, unauthenticated-dropped, invalid-source, send-failures...).

Every daemon is a real `meridiand` (fixture `make_daemon`) configured through
NETCONF; each runs the default virtual clock, so nothing here changes the
host clock (chronyd always runs with -x). Everything binds 127.0.0.0/8; each
test has its own 127.0.N.0/24 and one UDP port that was free on every address
of it. Every wait is a poll with a deadline; the bounds are the constants
below. Figures measured on the 2-core test machine (debug build):

1. test_symmetric_attacker_cannot_capture_the_clock (auth disabled/enabled):
   S (refclock-master stratum 1, 127.0.7.1) serves V (127.0.7.2; iburst,
   poll 2^-1..2^0 s); S is V's sys-peer 0.8 s after the commit. Then an
   attacker on 127.0.7.3 plays symmetric active correctly from ATTACK_SOCKETS
   source ports, claiming a clock ATTACK_LEAD_S ahead, every ATTACK_PERIOD_S
   for ATTACK_DURATION_S; V is sampled every SAMPLE_PERIOD_S during the attack
   and AFTER_ATTACK_S after it. Associations are counted twice: entries of
   <get> with the attacker's address, and attacker source ports V answered at
   the same time (one passive association answers one port). Both are needed:
   the YANG list is keyed by address and local-mode, so <get> cannot show two
   passive associations of one address (the old engine showed one entry for
   its eight). V's clock is read with an NTP query to V (offset against the
   host clock, within CLOCK_BOUND_S; measured |offset| < 1 ms) and from its
   clock-state offset.
2. test_ephemeral_flood_does_not_lock_out_legitimate_peers: FLOOD_PACKETS
   one-shot mode-1 packets from FLOOD_CHUNKS x FLOOD_SOCKETS_PER_CHUNK source
   ports of 127.0.8.3, paced over FLOOD_CHUNKS x FLOOD_CHUNK_PERIOD_S = 4 s
   (100 sockets open at a time). chronyd peers (poll 2^0 s) on 127.0.8.4,
   started 0.4 s into the flood, and 127.0.8.5, started after it, must be
   mobilized within two polls + MOBILIZE_MARGIN_S of their start (measured
   0.2-0.3 s without the flood; ~0.6 s for a chronyd without `local`). The
   flood's association must be gone 4 polls + REAP_MARGIN_S after the flood
   ends (its last mobilization is at the flood's end at the latest).
3. test_request_from_port_zero_costs_no_other_reply: 64 mode-3 requests, the
   11th from source port 0 (raw socket), queued while meridiand is SIGSTOPped
   (53 248 bytes, within the default receive buffer), so that they are read
   in one batch of 64; the 63 others each get one valid reply within
   REPLY_TIMEOUT_S.
4. test_ntpdig_with_the_right_key_gets_a_reply_and_with_a_wrong_one_none:
   `ntpdig -a 7 -k KEYFILE` against a refclock-master with key 7. ntpdig
   always asks port 123, so the daemon listens on 127.0.10.2:123 (skipped if
   taken).
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import signal
import socket
import struct
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from datastore_util import session, wait_until
from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, free_udp_port_on_all, udp_port_free
from ntp_netconf_util import (
    MNTP, get_ntp_state, iface, interfaces, m, ntp, replace_and_commit, server, statistics, system, wait_selected,
)

# -- shared ------------------------------------------------------------------------

NTP_UNIX_OFFSET = 2_208_988_800
KEY_ID = 7
KEY_HEX = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233a"          # SHA-1, 20 octets
WRONG_KEY_HEX = "a1b2c3d4e5f60718293a4b5c6d7e8f9011223344"
# S answers at once; V needs its iburst samples and the selection (2-3 s
# measured in test_ntp_netconf.py); allowed ~10x.
SYNC_TIMEOUT_S = 30.0
# A daemon applies a commit before replying; this only absorbs a loaded machine.
APPLY_TIMEOUT_S = 10.0

# -- 1. symmetric attacker ------------------------------------------------------------

H_S, H_V, H_ATTACKER, H_PROBE = "127.0.7.1", "127.0.7.2", "127.0.7.3", "127.0.7.4"
ATTACK_SOCKETS = 8
ATTACK_PERIOD_S = 0.5
ATTACK_DURATION_S = 15.0
ATTACK_LEAD_S = 500.0
# After the attack: past the reap interval (4 polls at 2^0 s) with margin.
AFTER_ATTACK_S = 6.0
SAMPLE_PERIOD_S = 0.5
# V's clock against the host's: V follows S, which is the host clock; 1 s is
# 500 times smaller than the lie and far above loopback noise.
CLOCK_BOUND_S = 1.0
QUERY_TIMEOUT_S = 2.0

# -- 2. ephemeral flood ---------------------------------------------------------------

F_V, F_FLOOD, F_PEER_A, F_PEER_B = "127.0.8.2", "127.0.8.3", "127.0.8.4", "127.0.8.5"
FLOOD_CHUNKS = 10
FLOOD_SOCKETS_PER_CHUNK = 100
FLOOD_PACKETS_PER_SOCKET = 10
FLOOD_PACKETS = FLOOD_CHUNKS * FLOOD_SOCKETS_PER_CHUNK * FLOOD_PACKETS_PER_SOCKET
# 10 000 packets over ~4 s (2 500/s), so chronyd A starts while it runs.
FLOOD_CHUNK_PERIOD_S = 0.4
PEER_POLL_S = 1.0  # chronyd minpoll/maxpoll 0, and V's passive poll (clamped to [0, 6])
# Two polls of the peer, plus chronyd's start-up and a loaded machine.
MOBILIZE_MARGIN_S = 3.0
MOBILIZE_BOUND_S = 2 * PEER_POLL_S + MOBILIZE_MARGIN_S
# An ephemeral association unreachable at its 4th poll is removed.
REAP_MARGIN_S = 4.0
REAP_BOUND_S = 4 * PEER_POLL_S + REAP_MARGIN_S

# -- 3. port 0 --------------------------------------------------------------------------

P_V, P_CLIENT = "127.0.9.2", "127.0.9.3"
BURST = 64          # the engine's receive batch holds 64 datagrams
PORT_ZERO_INDEX = 10
REPLY_TIMEOUT_S = 5.0
# After every socket has its reply: how long a second reply is waited for.
DUPLICATE_WINDOW_S = 0.5
STOP_TIMEOUT_S = 5.0

# -- 4. ntpdig ----------------------------------------------------------------------------

D_V = "127.0.10.2"
NTPDIG_PORT = 123   # ntpdig always queries port 123
NTPDIG_TIMEOUT_S = 3


# -- NTP packets --------------------------------------------------------------------------


def to_ntp(unix_seconds: float) -> int:
    """A raw 64-bit NTP timestamp (era 0)."""
    return int(round((unix_seconds + NTP_UNIX_OFFSET) * 2**32)) & (2**64 - 1)


def from_ntp(raw: int) -> float:
    return raw / 2**32 - NTP_UNIX_OFFSET


@dataclass
class Packet:
    leap: int
    version: int
    mode: int
    stratum: int
    poll: int
    precision: int
    root_delay: int
    root_dispersion: int
    refid: bytes
    reference: int
    origin: int
    receive: int
    transmit: int


def build_packet(mode: int, *, leap: int = 0, version: int = 4, stratum: int = 0, poll: int = 0,
                 precision: int = -20, root_delay: int = 0, root_dispersion: int = 0, refid: bytes = b"\0\0\0\0",
                 reference: int = 0, origin: int = 0, receive: int = 0, transmit: int = 0) -> bytes:
    """A 48-byte NTP header; root delay/dispersion in NTP short format (1/65536 s)."""
    return struct.pack("!BBbbII4sQQQQ", (leap << 6) | (version << 3) | mode, stratum, poll, precision,
                       root_delay, root_dispersion, refid, reference, origin, receive, transmit)


def parse_packet(data: bytes) -> Packet | None:
    if len(data) < 48:
        return None
    first, stratum, poll, precision, rdelay, rdisp, refid, ref, org, rec, xmt = struct.unpack(
        "!BBbbII4sQQQQ", data[:48])
    return Packet(first >> 6, (first >> 3) & 7, first & 7, stratum, poll, precision, rdelay, rdisp, refid,
                  ref, org, rec, xmt)


def sha1_mac(packet: bytes, key_hex: str, key_id: int = KEY_ID) -> bytes:
    """RFC 5905 legacy MAC: key ID, then SHA-1(key || packet)."""
    return struct.pack("!I", key_id) + hashlib.sha1(bytes.fromhex(key_hex) + packet).digest()


def query_clock(address: str, port: int, source: str, key_hex: str | None = None,
                timeout: float = QUERY_TIMEOUT_S) -> tuple[float, Packet] | None:
    """One mode-3 query: (offset of the server's clock from the host's, reply), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((source, 0))
        t1 = to_ntp(time.time())
        request = build_packet(3, transmit=t1)
        if key_hex:
            request += sha1_mac(request, key_hex)
        s.sendto(request, (address, port))
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            s.settimeout(left)
            try:
                data, peer = s.recvfrom(2048)
            except socket.timeout:
                return None
            t4 = time.time()
            reply = parse_packet(data)
            if peer != (address, port) or reply is None or reply.mode != 4 or reply.origin != t1:
                continue
            offset = ((from_ntp(reply.receive) - from_ntp(t1)) + (from_ntp(reply.transmit) - t4)) / 2
            return offset, reply
    return None


# -- configuration and state ------------------------------------------------------------


def refclock(stratum: int) -> str:
    return m("refclock-master", f"<stratum>{stratum}</stratum>")


def authentication(key_hex: str, enabled: bool = True) -> str:
    return m("authentication",
             f"<enabled>{'true' if enabled else 'false'}</enabled><key><key-id>{KEY_ID}</key-id>"
             f"<algorithm>sha1</algorithm><hex-key>{key_hex}</hex-key><trusted>true</trusted></key>")


def configure(mgr, port: int, address: str, *servers: str, extra: str = "") -> None:
    """NTP on `port` listening on interface ntp0 = `address` only."""
    replace_and_commit(mgr, system(ntp(port, *servers, listen=["ntp0"], extra=extra)),
                       interfaces(iface("ntp0", [address])))


def wait_serving(address: str, port: int, stratum: int, key_hex: str | None = None,
                 timeout: float = APPLY_TIMEOUT_S) -> None:
    """Until `address`:`port` answers a query (from .200 of its /24) at `stratum`."""
    def answered():
        r = query_clock(address, port, address.rsplit(".", 1)[0] + ".200", key_hex, timeout=0.5)
        return r if r and r[1].stratum == stratum else None
    wait_until(answered, timeout, interval=0.1, what=f"{address}:{port} answering at stratum {stratum}")


def leaves(element) -> dict:
    return {etree.QName(c).localname: (c.text or "") for c in element if len(c) == 0}


def read_state(mgr) -> tuple[list[dict], dict]:
    """(every association entry of <get>, duplicates kept; clock-state)."""
    root = get_ntp_state(mgr)
    entries = [leaves(a) for a in root.iter(f"{{{MNTP}}}association")]
    cs = root.find(f".//{{{MNTP}}}clock-state")
    return entries, ({} if cs is None else leaves(cs))


def counter(stats: dict[str, int], name: str) -> int:
    assert name in stats, f"/system-state/ntp/statistics has no {name} leaf; it has {sorted(stats)}"
    return stats[name]


def statistics_after(mgr, before: dict[str, int], leaf: str, timeout: float = APPLY_TIMEOUT_S) -> dict[str, int]:
    """The statistics once `leaf` has moved past its value in `before`, or at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        stats = statistics(mgr)
        if stats.get(leaf, 0) > before.get(leaf, 0) or time.monotonic() >= deadline:
            return stats
        time.sleep(0.1)


def deltas(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in after.items()}


# -- 1. the symmetric attacker ---------------------------------------------------------------


class SymmetricAttacker:
    """Plays symmetric active towards `target` from `count` UDP sockets of one
    address, claiming a clock `lead` seconds ahead of the host's: every
    `period` each socket sends a mode-1 packet whose origin is the transmit
    timestamp of the last packet the target sent to that socket (0 before
    any) and whose receive timestamp is that packet's arrival + `lead`. Runs
    in a thread for at most `duration` seconds (or until stop())."""

    def __init__(self, source: str, target: tuple[str, int], count: int, lead: float, period: float,
                 duration: float):
        self.target, self.lead, self.period, self.duration = target, lead, period, duration
        self.sockets: list[socket.socket] = []
        try:
            for _ in range(count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                self.sockets.append(s)
                s.bind((source, 0))
                s.setblocking(False)
        except BaseException:
            self.close()
            raise
        self.ports = [s.getsockname()[1] for s in self.sockets]
        self.last = {p: (0, 0) for p in self.ports}       # port -> (origin, receive) for the next packet
        self.replies = {p: 0 for p in self.ports}          # port -> symmetric packets received from the target
        self.answered: dict[int, list[float]] = {}         # port -> [first, last] reply (monotonic)
        self.sent = 0
        self.send_errors = 0
        self.kisses = 0                                     # stratum-0 (Kiss-o'-Death) packets received
        self.started_at = self.ended_at = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="symmetric-attacker", daemon=True)
        self._error: BaseException | None = None

    def packet(self, port: int) -> bytes:
        origin, receive = self.last[port]
        now = to_ntp(time.time() + self.lead)
        return build_packet(1, stratum=1, poll=0, precision=-20, root_delay=0,
                            root_dispersion=66,  # ~1 ms
                            refid=b"GPS\0", reference=now, origin=origin, receive=receive, transmit=now)

    def replying_ports(self) -> list[int]:
        with self._lock:
            return [p for p, n in self.replies.items() if n]

    def most_answered_at_once(self) -> int:
        """The most ports whose [first, last] reply intervals share an instant: one
        association answers one port, so this is how many the target held at once."""
        with self._lock:
            events = sorted([(first, 0) for first, _ in self.answered.values()]
                            + [(last, 1) for _, last in self.answered.values()])
        most = current = 0
        for _, kind in events:  # at equal times a start sorts before an end: touching counts
            current += 1 if kind == 0 else -1
            most = max(most, current)
        return most

    def start(self) -> "SymmetricAttacker":
        self.started_at = time.monotonic()
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            deadline = self.started_at + self.duration
            next_send = self.started_at
            while not self._stop.is_set() and time.monotonic() < deadline:
                if time.monotonic() >= next_send:
                    for s, port in zip(self.sockets, self.ports):
                        try:
                            s.sendto(self.packet(port), self.target)
                            self.sent += 1
                        except OSError:
                            self.send_errors += 1
                    next_send += self.period
                wait = max(0.0, min(next_send, deadline) - time.monotonic())
                readable, _, _ = select.select(self.sockets, [], [], wait)
                for s in readable:
                    self._drain(s)
        except BaseException as e:  # reported by stop()
            self._error = e
        finally:
            self.ended_at = time.monotonic()

    def _drain(self, s: socket.socket) -> None:
        port = s.getsockname()[1]
        for _ in range(64):  # bounded: at most one batch per wake-up
            try:
                data, peer = s.recvfrom(2048)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                continue  # an ICMP error queued on the socket
            arrival, seen = time.time(), time.monotonic()
            reply = parse_packet(data)
            if peer != self.target or reply is None or reply.mode not in (1, 2):
                continue
            if reply.stratum == 0:  # a Kiss-o'-Death refuses; it is no association answering
                self.kisses += 1
                continue
            with self._lock:
                self.replies[port] += 1
                self.answered.setdefault(port, [seen, seen])[1] = seen
                self.last[port] = (reply.transmit, to_ntp(arrival + self.lead))

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5 + self.period)
        self.close()
        assert not self._thread.is_alive(), "attacker thread did not stop"
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        for s in self.sockets:
            s.close()


@dataclass
class VictimSample:
    t: float                   # seconds since the attack started
    attacker: list[dict]       # <get> association entries with the attacker's address
    passive: list[dict]        # every passive association entry
    server: dict | None        # V's association with S
    clock: dict                # clock-state
    ntp_offset: float | None   # V's clock - host clock, by an NTP query (None: no reply)
    replying_ports: list[int]  # attacker ports V has answered so far


def sample_victim(mgr, port: int, key_hex: str | None, attacker: SymmetricAttacker, t0: float) -> VictimSample:
    t = time.monotonic() - t0
    query = query_clock(H_V, port, H_PROBE, key_hex)
    entries, clock = read_state(mgr)
    return VictimSample(
        t=round(t, 1),
        attacker=[a for a in entries if a.get("address") == H_ATTACKER],
        passive=[a for a in entries if a.get("local-mode") == "passive"],
        server=next((a for a in entries if a.get("address") == H_S and a.get("local-mode") == "client"), None),
        clock=clock,
        ntp_offset=None if query is None else query[0],
        replying_ports=attacker.replying_ports(),
    )


def describe(samples: list[VictimSample]) -> str:
    lines = []
    for s in samples:
        att = [(a.get("local-mode"), a.get("selection"), a.get("reach"), a.get("offset")) for a in s.attacker]
        srv = None if s.server is None else (s.server.get("selection"), s.server.get("reach"))
        off = "none" if s.ntp_offset is None else f"{s.ntp_offset:+.4f}"
        lines.append(f"  t={s.t:5.1f} attacker={att} S={srv} clock=({s.clock.get('status')}, "
                     f"{s.clock.get('reference-id')}, {s.clock.get('offset')} ms) ntp-offset={off} "
                     f"answered-ports={len(s.replying_ports)}")
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("auth", [False, True], ids=["auth-disabled", "auth-enabled"])
def test_symmetric_attacker_cannot_capture_the_clock(make_daemon, nc, auth):
    port = free_udp_port_on_all([H_S, H_V, H_ATTACKER, H_PROBE])
    key_hex = KEY_HEX if auth else None
    auth_xml = authentication(KEY_HEX) if auth else ""
    s_daemon, v_daemon = make_daemon(name="S"), make_daemon(name="V")
    ms, mv = session(nc, s_daemon), session(nc, v_daemon)
    configure(ms, port, H_S, extra=refclock(1) + auth_xml)
    configure(mv, port, H_V, server("s", H_S, port, iburst=True, minpoll=-1, maxpoll=0,
                                    extra=m("key-id", KEY_ID) if auth else ""), extra=auth_xml)
    t_sync = time.monotonic()
    wait_selected(mv, H_S, "client", "2", SYNC_TIMEOUT_S)
    print(f"S is V's sys-peer {time.monotonic() - t_sync:.1f} s after the commit")
    before = statistics(mv)

    attacker = SymmetricAttacker(H_ATTACKER, (H_V, port), ATTACK_SOCKETS, ATTACK_LEAD_S, ATTACK_PERIOD_S,
                                 ATTACK_DURATION_S)
    samples: list[VictimSample] = []
    try:
        attacker.start()
        t0 = attacker.started_at
        end = t0 + ATTACK_DURATION_S + AFTER_ATTACK_S
        while (tick := time.monotonic()) < end:
            samples.append(sample_victim(mv, port, key_hex, attacker, t0))
            time.sleep(max(0.0, tick + SAMPLE_PERIOD_S - time.monotonic()))
    finally:
        attacker.stop()
    after = statistics(mv)
    changed = deltas(before, after)
    answered = attacker.replying_ports()
    history = describe(samples)
    print(f"attacker: {attacker.sent} packets sent from {len(attacker.ports)} ports "
          f"({attacker.send_errors} send errors); V answered ports {answered} "
          f"({ {p: n for p, n in attacker.replies.items() if n} }), {attacker.kisses} Kiss-o'-Death")
    print(f"V statistics during the attack: {changed}")
    print(history)

    expected_sends = ATTACK_SOCKETS * int(ATTACK_DURATION_S / ATTACK_PERIOD_S)
    assert attacker.sent >= 0.8 * expected_sends, f"the attack did not run: {attacker.sent} of {expected_sends}"
    assert len(samples) >= 0.6 * (ATTACK_DURATION_S + AFTER_ATTACK_S) / SAMPLE_PERIOD_S, (
        f"only {len(samples)} samples of V")

    # (a) associations of the attacker's one address.
    if auth:
        assert not answered and all(not s.attacker for s in samples), (
            f"authentication is enabled, yet unauthenticated mode-1 packets mobilized associations: V "
            f"answered attacker ports {answered}\n{history}")
    else:
        at_once = attacker.most_answered_at_once()
        assert at_once <= 1 and all(len(s.attacker) <= 1 for s in samples), (
            f"one source address mobilized more than one ephemeral association: V answered {at_once} of the "
            f"attacker's {ATTACK_SOCKETS} ports at the same time ({len(answered)} in all)\n{history}")
        assert any(s.attacker for s in samples), (
            f"the attacker's association never appeared (the test proves nothing)\n{history}")

    # (b) never the sys-peer, nor V's reference.
    captured = [s.t for s in samples
                if any(a.get("selection") == "sys-peer" for a in s.attacker)
                or s.clock.get("reference-id") == H_ATTACKER]
    assert not captured, f"the attacker was V's sys-peer at t={captured}\n{history}"
    if auth:
        lost = [s.t for s in samples if s.server is None or s.server.get("selection") != "sys-peer"
                or s.clock.get("reference-id") != H_S or s.clock.get("status") != "synchronized"]
        assert not lost, f"S was not V's sys-peer throughout the attack: t={lost}\n{history}"

    # (c) V's clock stays the host's.
    unanswered = [s.t for s in samples if s.ntp_offset is None]
    assert not unanswered, f"V did not answer the clock query at t={unanswered}\n{history}"
    moved = [(s.t, round(s.ntp_offset, 3)) for s in samples if abs(s.ntp_offset) >= CLOCK_BOUND_S]
    assert not moved, f"V's clock moved away from the host clock (towards +{ATTACK_LEAD_S:.0f} s): {moved}\n{history}"
    state_moved = [(s.t, s.clock.get("offset")) for s in samples
                   if abs(float(s.clock.get("offset") or 0)) >= CLOCK_BOUND_S * 1000]
    assert not state_moved, f"V's clock-state offset left +-{CLOCK_BOUND_S} s: {state_moved}\n{history}"

    # Counted.
    if auth:
        assert counter(changed, "unauthenticated-dropped") > 0, changed
        ever_passive = [(s.t, a.get("address")) for s in samples for a in s.passive]
        assert not ever_passive, f"a passive association appeared: {ever_passive}"
    else:
        assert counter(changed, "ephemeral-refused") > 0, (
            f"the other {ATTACK_SOCKETS - 1} ports' mode-1 packets were not counted as refused: {changed}")


# -- 2. the ephemeral flood --------------------------------------------------------------------


@dataclass
class FloodReport:
    sent: int = 0
    errors: int = 0
    ports: int = 0
    first_chunk_done: float | None = None
    ended_at: float | None = None


def flood(source: str, target: tuple[str, int], report: FloodReport, first_chunk: threading.Event,
          stop: threading.Event) -> None:
    """FLOOD_CHUNKS chunks of FLOOD_SOCKETS_PER_CHUNK sockets bound on `source`;
    each socket sends FLOOD_PACKETS_PER_SOCKET one-shot mode-1 packets (origin
    and receive 0, transmit now, poll 0) and is closed; a chunk takes
    FLOOD_CHUNK_PERIOD_S, its rounds spread evenly over it."""
    ports = set()
    round_period = FLOOD_CHUNK_PERIOD_S / FLOOD_PACKETS_PER_SOCKET
    try:
        for _chunk in range(FLOOD_CHUNKS):
            if stop.is_set():
                break
            chunk_start = time.monotonic()
            sockets = []
            try:
                for _ in range(FLOOD_SOCKETS_PER_CHUNK):
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    sockets.append(s)
                    s.bind((source, 0))
                    ports.add(s.getsockname()[1])
                for r in range(FLOOD_PACKETS_PER_SOCKET):
                    for s in sockets:
                        packet = build_packet(1, stratum=2, poll=0, refid=b"GPS\0",
                                              transmit=to_ntp(time.time()))
                        try:
                            s.sendto(packet, target)
                            report.sent += 1
                        except OSError:
                            report.errors += 1
                    time.sleep(max(0.0, chunk_start + (r + 1) * round_period - time.monotonic()))
            finally:
                for s in sockets:
                    s.close()
            if report.first_chunk_done is None:
                report.first_chunk_done = time.monotonic()
                first_chunk.set()
    finally:
        report.ports = len(ports)
        report.ended_at = time.monotonic()
        first_chunk.set()


def peer_chrony(tmp_path: Path, address: str, port: int) -> Chrony:
    """A legitimate symmetric peer of V. `local stratum 5` makes it announce a
    synchronized clock from its first packet, so V's passive association is
    reachable at once (an unsynchronized peer's packets fail RFC 5905 test 6
    until chronyd has synchronized to V, ~3.6 s measured, which is close to
    the reap at the 4th poll)."""
    return Chrony(tmp_path / f"chrony-{address}", address, port,
                  [f"peer {F_V} port {port} minpoll 0 maxpoll 0", "local stratum 5"])


def wait_passive(mgr, address: str, since: float, bound: float) -> float:
    """Seconds from `since` until V shows a passive association for `address`."""
    def present():
        entries, _ = read_state(mgr)
        return any(a.get("address") == address and a.get("local-mode") == "passive" for a in entries)
    deadline = since + bound
    while not present():
        if time.monotonic() >= deadline:
            entries, _ = read_state(mgr)
            raise AssertionError(
                f"no passive association for {address} within {bound:.1f} s (two polls + {MOBILIZE_MARGIN_S} s); "
                f"V's associations: {[(a.get('address'), a.get('local-mode')) for a in entries]}; "
                f"statistics {statistics(mgr)}")
        time.sleep(0.05)
    return time.monotonic() - since


@pytest.mark.slow
def test_ephemeral_flood_does_not_lock_out_legitimate_peers(make_daemon, nc, started, tmp_path):  # noqa: F811
    port = free_udp_port_on_all([F_V, F_FLOOD, F_PEER_A, F_PEER_B])
    v_daemon = make_daemon(name="V")
    mv = session(nc, v_daemon)
    configure(mv, port, F_V, extra=refclock(3))
    wait_serving(F_V, port, 3)
    before = statistics(mv)

    report, first_chunk, stop = FloodReport(), threading.Event(), threading.Event()
    flooder = threading.Thread(target=flood, args=(F_FLOOD, (F_V, port), report, first_chunk, stop),
                               name="flood", daemon=True)
    t_flood = time.monotonic()
    flooder.start()
    try:
        assert first_chunk.wait(FLOOD_CHUNKS * FLOOD_CHUNK_PERIOD_S + 10), "the flood's first chunk never ended"
        assert report.ended_at is None, "the flood ended before chronyd A could start"
        chrony_a = started(peer_chrony(tmp_path, F_PEER_A, port))
        t_a = time.monotonic()
        took_a = wait_passive(mv, F_PEER_A, t_a, MOBILIZE_BOUND_S)
        print(f"chronyd A started {t_a - t_flood:.2f} s into the flood; mobilized {took_a:.2f} s after its start "
              f"(flood {'still running' if report.ended_at is None else 'over'})")
        flooder.join(FLOOD_CHUNKS * FLOOD_CHUNK_PERIOD_S + 30)
        assert not flooder.is_alive(), "the flood did not end"
    finally:
        stop.set()
        flooder.join(30)
    flood_end = report.ended_at
    print(f"flood: {report.sent} packets ({report.errors} send errors) from {report.ports} ports of {F_FLOOD} "
          f"in {flood_end - t_flood:.2f} s")
    assert t_a < flood_end, "chronyd A did not start during the flood"
    assert report.sent >= 0.95 * FLOOD_PACKETS, f"the flood sent only {report.sent} of {FLOOD_PACKETS}"
    assert report.ports >= 0.9 * FLOOD_CHUNKS * FLOOD_SOCKETS_PER_CHUNK, f"only {report.ports} source ports"

    chrony_b = started(peer_chrony(tmp_path, F_PEER_B, port))
    t_b = time.monotonic()
    took_b = wait_passive(mv, F_PEER_B, t_b, MOBILIZE_BOUND_S)
    print(f"chronyd B mobilized {took_b:.2f} s after its start ({t_b - flood_end:.2f} s after the flood)")

    def flood_gone():
        entries, _ = read_state(mv)
        return not any(a.get("address") == F_FLOOD for a in entries)
    reap_deadline = flood_end + REAP_BOUND_S
    while not flood_gone() and time.monotonic() < reap_deadline:
        time.sleep(0.1)
    entries, _ = read_state(mv)
    left = [(a.get("address"), a.get("local-mode"), a.get("reach")) for a in entries if a.get("address") == F_FLOOD]
    print(f"{time.monotonic() - flood_end:.1f} s after the flood: flood associations {left}")
    changed = deltas(before, statistics(mv))
    print(f"V statistics: {changed}")
    assert changed.get("packets-received", 0) >= 0.5 * FLOOD_PACKETS, (
        f"most of the flood never reached V: {changed}")
    assert not left, (
        f"V still holds associations of the flood's address {REAP_BOUND_S:.0f} s after it ended "
        f"(4 polls + {REAP_MARGIN_S} s): {left}")
    assert counter(changed, "ephemeral-reaped") >= 1, changed
    assert counter(changed, "ephemeral-refused") >= 1, changed
    modes = {(a.get("address"), a.get("local-mode")) for a in entries}
    assert {(F_PEER_A, "passive"), (F_PEER_B, "passive")} <= modes, (
        f"a legitimate peer lost its association: {sorted(modes)}\nA: {chrony_a.sources()}\nB: {chrony_b.sources()}")


# -- 3. source port 0 ---------------------------------------------------------------------------


def inet_checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4_udp(src: str, sport: int, dst: str, dport: int, payload: bytes, ident: int) -> bytes:
    """An IPv4 datagram with a UDP header and a correct UDP checksum (for IP_HDRINCL)."""
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    length = 8 + len(payload)
    pseudo = s + d + struct.pack("!BBH", 0, socket.IPPROTO_UDP, length)
    checksum = inet_checksum(pseudo + struct.pack("!HHHH", sport, dport, length, 0) + payload) or 0xFFFF
    udp = struct.pack("!HHHH", sport, dport, length, checksum) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + length, ident, 0, 64, socket.IPPROTO_UDP, 0, s, d)
    header = header[:10] + struct.pack("!H", inet_checksum(header)) + header[12:]
    return header + udp


def raw_socket() -> socket.socket:
    try:
        return socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    except PermissionError as e:
        pytest.skip(f"sending from source port 0 needs a raw socket (root or CAP_NET_RAW): {e}")


def process_state(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("State:"):
            return line.split()[1]
    return "?"


def rx_queue(address: str, port: int) -> int:
    """Bytes queued on the UDP socket bound to address:port (/proc/net/udp), -1 if none."""
    local = f"{struct.unpack('<I', socket.inet_aton(address))[0]:08X}:{port:04X}"
    for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local:
            return int(fields[4].split(":")[1], 16)
    return -1


def test_request_from_port_zero_costs_no_other_reply(make_daemon, nc):
    raw = raw_socket()
    clients: list[socket.socket] = []
    try:
        port = free_udp_port_on_all([P_V, P_CLIENT])
        v_daemon = make_daemon(name="V")
        mv = session(nc, v_daemon)
        configure(mv, port, P_V, extra=refclock(2))
        wait_serving(P_V, port, 2)
        for _ in range(BURST - 1):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            clients.append(s)
            s.bind((P_CLIENT, 0))
            s.setblocking(False)
        before = statistics(mv)

        # One request per socket; the port-0 one is the 11th datagram of the burst.
        sources = [s.getsockname()[1] for s in clients]
        sources.insert(PORT_ZERO_INDEX, 0)
        base = to_ntp(time.time())
        transmits = [base + (i << 8) for i in range(BURST)]
        datagrams = [ipv4_udp(P_CLIENT, sport, P_V, port, build_packet(3, transmit=transmits[i]), ident=i + 1)
                     for i, sport in enumerate(sources)]
        pid = v_daemon.proc.pid
        queued = -1
        os.kill(pid, signal.SIGSTOP)
        try:
            wait_until(lambda: process_state(pid) == "T", STOP_TIMEOUT_S, interval=0.01, what="meridiand stopped")
            for datagram in datagrams:
                raw.sendto(datagram, (P_V, 0))
            # Loopback delivers synchronously; this only waits for the queue to settle.
            deadline, previous = time.monotonic() + 2.0, -1
            while (queued := rx_queue(P_V, port)) != previous and time.monotonic() < deadline:
                previous = queued
                time.sleep(0.02)
        finally:
            os.kill(pid, signal.SIGCONT)
        print(f"{queued} bytes queued on V's socket while stopped")

        replies = {s.getsockname()[1]: [] for s in clients}
        expected = {sport: transmits[i] for i, sport in enumerate(sources) if sport}
        deadline = time.monotonic() + REPLY_TIMEOUT_S
        all_in_at = None
        while True:
            now = time.monotonic()
            if all_in_at is None and all(replies.values()):
                all_in_at = now
            end = deadline if all_in_at is None else min(deadline, all_in_at + DUPLICATE_WINDOW_S)
            if now >= end:
                break
            readable, _, _ = select.select(clients, [], [], end - now)
            for s in readable:
                for _ in range(8):
                    try:
                        data, peer = s.recvfrom(2048)
                    except (BlockingIOError, InterruptedError):
                        break
                    replies[s.getsockname()[1]].append((peer, data))

        def valid(sport: int, peer, data: bytes) -> bool:
            p = parse_packet(data)
            return (peer == (P_V, port) and p is not None and p.mode == 4 and p.version == 4 and p.leap != 3
                    and p.stratum == 2 and p.origin == expected[sport] and p.transmit != 0)

        missing = [i for i, sport in enumerate(sources) if sport and not replies[sport]]
        extra = {sport: len(r) for sport, r in replies.items() if len(r) > 1}
        invalid = {sport: [d.hex() for peer, d in r if not valid(sport, peer, d)]
                   for sport, r in replies.items() if any(not valid(sport, peer, d) for peer, d in r)}
        print(f"replies: {sum(1 for r in replies.values() if r)} of {BURST - 1} sockets answered")
        assert not missing, (
            f"{len(missing)} of the {BURST - 1} requests from real ports got no reply within {REPLY_TIMEOUT_S} s "
            f"(burst indices {missing}; the port-0 request was index {PORT_ZERO_INDEX}); V statistics "
            f"{deltas(before, statistics(mv))}")
        assert not extra, f"sockets with more than one reply: {extra}"
        assert not invalid, f"invalid replies: {invalid}"

        changed = deltas(before, statistics_after(mv, before, "invalid-source"))
        print(f"V statistics: {changed}")
        assert counter(changed, "invalid-source") == 1, changed
        assert counter(changed, "send-failures") == 0, f"a reply was attempted to port 0: {changed}"
    finally:
        raw.close()
        for s in clients:
            s.close()


# -- 4. ntpdig -----------------------------------------------------------------------------------


def ntpdig(key_file: Path, address: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ntpdig", "-j", "-a", str(KEY_ID), "-k", str(key_file), "-p", "1", "-t", str(NTPDIG_TIMEOUT_S), address],
        capture_output=True, text=True, timeout=NTPDIG_TIMEOUT_S + 30, check=False)


def test_ntpdig_with_the_right_key_gets_a_reply_and_with_a_wrong_one_none(make_daemon, nc, tmp_path):
    if not udp_port_free(D_V, NTPDIG_PORT):
        pytest.skip(f"UDP {D_V}:{NTPDIG_PORT} is taken (ntpdig cannot query another port)")
    v_daemon = make_daemon(name="V")
    mv = session(nc, v_daemon)
    configure(mv, NTPDIG_PORT, D_V, extra=refclock(4) + authentication(KEY_HEX))
    wait_serving(D_V, NTPDIG_PORT, 4, KEY_HEX)
    right, wrong = tmp_path / "right.keys", tmp_path / "wrong.keys"
    right.write_text(f"{KEY_ID} SHA1 {KEY_HEX}\n")
    wrong.write_text(f"{KEY_ID} SHA1 {WRONG_KEY_HEX}\n")
    before = statistics(mv)

    r = ntpdig(right, D_V)
    print(f"right key: exit {r.returncode}\n{r.stdout}{r.stderr}")
    assert r.returncode == 0, f"ntpdig with the right key: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["stratum"] == 4, result
    assert abs(float(result["offset"])) < CLOCK_BOUND_S, result
    assert "MAC verification" not in r.stderr, r.stderr

    w = ntpdig(wrong, D_V)
    print(f"wrong key: exit {w.returncode}\n{w.stdout}{w.stderr}")
    assert w.returncode != 0 and "stratum" not in w.stdout, (
        f"ntpdig with a wrong key got an answer: exit {w.returncode}\n{w.stdout}\n{w.stderr}")
    changed = deltas(before, statistics(mv))
    print(f"V statistics: {changed}")
    assert counter(changed, "authentication-failures") >= 1, changed
