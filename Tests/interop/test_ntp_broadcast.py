"""NTP broadcast and multicast, end to end.

(a) meridiand A (refclock-master 3, broadcast-server on lo-a) -> meridiand B
    (broadcast-client on lo-b), both configured only through NETCONF, on Linux's
    loopback broadcast address 127.255.255.255 (`broadcast 127.255.255.255 dev lo`
    in the local routing table). Both agents use the same engine port, since
    broadcasts go to the engine port.
(b) chronyd (`local stratum 2`, `broadcast 1 127.255.255.255 PORT`) -> meridiand B.
(c) ntp-lab -> ntp-lab across a veth pair between two network namespaces the test
    creates and deletes: IPv4 multicast, IPv6 multicast and IPv4 broadcast.

The agents run with the hidden `--ntp-broadcast-poll 0` (a broadcast a second;
the model has no poll leaf, 2^6 s otherwise). chronyd always runs with -x. The
engines use the default virtual clock: the host clock is never changed. A
broadcast client needs a broadcast (mobilize), four calibration exchanges 0.5 s
apart and the selection: about 3-4 s measured here; SYNC_TIMEOUT_S allows ~8x.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest

from datastore_util import assert_ok, session, wait_until
from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, Lab, free_udp_port, lab_binary
from ntp_netconf_util import (
    MNTP, associations, interfaces, m, ntp, replace_and_commit, system, udp_sockets, wait_selected,
)
from datastore_util import IANAIFT, IP

SERVER_A, CLIENT_B, CHRONY = "127.0.8.10", "127.0.8.20", "127.0.8.30"
LO_BROADCAST = "127.255.255.255"
SYNC_TIMEOUT_S = 30.0
APPLY_TIMEOUT_S = 5.0


def iface8(name: str, address: str, ntp_extra: str = "") -> str:
    """A logical interface with one 127.x address in 127.0.0.0/8 (broadcast 127.255.255.255)."""
    body = (f'<name>{name}</name><type xmlns:ianaift="{IANAIFT}">ianaift:softwareLoopback</type>'
            f'<ipv4 xmlns="{IP}"><address><ip>{address}</ip><prefix-length>8</prefix-length></address></ipv4>')
    if ntp_extra:
        body += f'<ntp xmlns="{MNTP}">{ntp_extra}</ntp>'
    return f"<interface>{body}</interface>"


@pytest.fixture
def agents(make_daemon, nc):
    a = make_daemon("--ntp-broadcast-poll", "0", name="meridiand A (broadcast server)")
    b = make_daemon("--ntp-broadcast-poll", "0", name="meridiand B (broadcast client)")
    return (a, session(nc, a)), (b, session(nc, b))


def configure_client(mgr, port: int, enabled: bool = True) -> None:
    replace_and_commit(mgr, system(ntp(port, listen=["lo-b"])),
                       interfaces(iface8("lo-b", CLIENT_B, "<broadcast-client/>" if enabled else "")))


def wait_broadcast_client(mgr, server: str, stratum: str) -> tuple[dict, dict]:
    return wait_selected(mgr, server, "broadcast-client", stratum, SYNC_TIMEOUT_S)


def test_meridiand_broadcast_server_synchronizes_meridiand_broadcast_client(agents):
    (a, ma), (b, mb) = agents
    port = free_udp_port("0.0.0.0")
    replace_and_commit(ma, system(ntp(port, listen=["lo-a"], extra=m("refclock-master", "<stratum>3</stratum>"))),
                       interfaces(iface8("lo-a", SERVER_A, "<broadcast-server><version>4</version></broadcast-server>")))
    sender = wait_until(lambda: associations(ma).get((LO_BROADCAST, "broadcast-server")), APPLY_TIMEOUT_S,
                        what=f"A's broadcast-server association ({associations(ma)})")
    assert sender["configured"] == "true", sender
    configure_client(mb, port)
    assert udp_sockets(b.proc.pid) == {f"{CLIENT_B}:{port}", f"{LO_BROADCAST}:{port}"}
    association, clock = wait_broadcast_client(mb, SERVER_A, "4")
    print(f"B follows A's broadcasts: offset {association.get('offset')} ms, calibrated delay {association.get('delay')} ms, "
          f"clock {clock}")
    assert association["configured"] == "false"
    assert association["stratum"] == "3"
    assert association["source-address"] == CLIENT_B
    assert clock["reference-id"] == SERVER_A
    assert abs(float(association["offset"])) < 1.0, association  # ms: both engines read the same host clock

    # Removing broadcast-client closes exactly its socket and forgets the dynamic association.
    configure_client(mb, port, enabled=False)
    wait_until(lambda: udp_sockets(b.proc.pid) == {f"{CLIENT_B}:{port}"}, APPLY_TIMEOUT_S,
               what=f"broadcast socket closed ({udp_sockets(b.proc.pid)})")
    assert (SERVER_A, "broadcast-client") not in associations(mb)


def test_chronyd_broadcast_synchronizes_meridiand_broadcast_client(agents, started, tmp_path):
    _, (b, mb) = agents
    port = free_udp_port("0.0.0.0")
    chrony = started(Chrony(tmp_path / "chrony", CHRONY, free_udp_port(CHRONY),
                            ["local stratum 2", f"broadcast 1 {LO_BROADCAST} {port}"]))
    configure_client(mb, port)
    try:
        association, clock = wait_broadcast_client(mb, CHRONY, "3")
    except AssertionError as e:
        raise AssertionError(f"{e}\n{chrony.log()}") from None
    print(f"B follows chronyd's broadcasts: offset {association.get('offset')} ms, delay {association.get('delay')} ms")
    assert association["configured"] == "false"
    assert association["stratum"] == "2"
    assert clock["reference-id"] == CHRONY


def test_unsynchronized_broadcast_server_sends_nothing(agents):
    (a, ma), (b, mb) = agents
    port = free_udp_port("0.0.0.0")
    replace_and_commit(ma, system(ntp(port, listen=["lo-a"])), interfaces(iface8("lo-a", SERVER_A, "<broadcast-server/>")))
    configure_client(mb, port)
    wait_until(lambda: (LO_BROADCAST, "broadcast-server") in associations(ma), APPLY_TIMEOUT_S, what="sender")
    import time
    time.sleep(3)
    assert not any(mode == "broadcast-client" for _, mode in associations(mb)), associations(mb)


# -- (c) across network namespaces -------------------------------------------------


class NetnsLab(Lab):
    """ntp-lab inside a network namespace (`ip netns exec`)."""

    def __init__(self, workdir, config, namespace: str, name: str):
        super().__init__(workdir, config, name=name)
        self.namespace = namespace

    def start(self) -> "NetnsLab":
        import json
        self.config_path.write_text(json.dumps(self.config))
        self._spawn(["ip", "netns", "exec", self.namespace, lab_binary(), str(self.config_path),
                     "--status-file", str(self.status_path), "--interval", "0.1"], "ntp-lab ready")
        return self


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=20)


@pytest.fixture
def veth_pair():
    """Namespaces A and B joined by a veth pair: 10.77.0.1/24 and fd77::1/64 in A,
    10.77.0.2/24 and fd77::2/64 in B. Deleted (with their interfaces) afterwards."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("network namespaces need root and iproute2")
    tag = uuid.uuid4().hex[:6]
    a, b = f"mbc-a-{tag}", f"mbc-b-{tag}"
    try:
        run("ip", "netns", "add", a)
        run("ip", "netns", "add", b)
    except subprocess.CalledProcessError as e:
        subprocess.run(["ip", "netns", "del", a], capture_output=True)
        pytest.skip(f"cannot create network namespaces here: {e.stderr.decode().strip()}")
    try:
        run("ip", "-n", a, "link", "add", "veth-a", "type", "veth", "peer", "name", "veth-b", "netns", b)
        for ns, dev, v4, v6 in ((a, "veth-a", "10.77.0.1/24", "fd77::1/64"), (b, "veth-b", "10.77.0.2/24", "fd77::2/64")):
            run("ip", "-n", ns, "link", "set", "lo", "up")
            run("ip", "-n", ns, "addr", "add", v4, "brd", "+", "dev", dev)
            run("ip", "-n", ns, "addr", "add", v6, "dev", dev, "nodad")
            run("ip", "-n", ns, "link", "set", dev, "up")
        yield a, b
    finally:
        subprocess.run(["ip", "netns", "del", a], capture_output=True)
        subprocess.run(["ip", "netns", "del", b], capture_output=True)


CASES = {
    "ipv4-multicast": ("10.77.0.1", "10.77.0.2", "239.77.0.1"),
    "ipv6-multicast": ("fd77::1", "fd77::2", "ff15::77"),
    "ipv4-broadcast": ("10.77.0.1", "10.77.0.2", "10.77.0.255"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_server_to_client_across_namespaces(veth_pair, started, tmp_path, case):
    ns_a, ns_b = veth_pair
    server, client, target = CASES[case]
    port = 11723
    sender = started(NetnsLab(tmp_path / "a", {
        "port": port, "listen": [server], "refclockMaster": 3,
        "broadcastServers": [{"source": server, "destination": target, "ttl": 1, "poll": 0}],
    }, ns_a, "ntp-lab A"))
    listener = started(NetnsLab(tmp_path / "b", {
        "port": port, "listen": [client], "broadcastClients": [{"listen": target, "source": client}],
    }, ns_b, "ntp-lab B"))

    def synced():
        c = listener.clock()
        assoc = [x for x in listener.status().get("associations", []) if x["mode"] == "broadcastClient"]
        return c.get("synchronized") and c.get("stratum") == 4 and assoc and assoc[0]
    association = wait_until(synced, SYNC_TIMEOUT_S)
    assert association, f"no broadcast client synchronized: {listener.status()}\n{sender.status()}\n{listener.log()}"
    print(f"{case}: offset {association['offset'] * 1e3:.3f} ms, calibrated delay {association['delay'] * 1e3:.3f} ms, "
          f"reach {association['reach']:o}")
    assert association["remote"].rsplit(":", 1)[0].strip("[]") == server
    assert association["configured"] is False and association["stratum"] == 3
    assert abs(association["offset"]) < 0.001
    counters = listener.counters()
    assert counters["badPackets"] == 0 and counters["authenticationFailures"] == 0, counters
