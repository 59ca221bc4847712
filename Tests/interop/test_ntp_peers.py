"""Symmetric associations between the engine and chronyd, and the vendor
guide's three-router seed topology with three engines on loopback.

chronyd runs with -x (never touches the clock) on 127.0.4.x; the seed
engines use 127.0.1.31/.32/.33 as in the guide's lab. Polling is fast
(2^-1..2^1 s) so each scenario settles in a few seconds; every wait is
bounded by SETTLE_TIMEOUT_S.
"""

from __future__ import annotations

from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, Lab, free_udp_port, wait_until

# A symmetric association needs a few exchanges before the filter's
# dispersion is low enough to select (about 4 s at poll 2^0); the seed chain
# needs two such hops. Several times that on a busy 2-core machine.
SETTLE_TIMEOUT_S = 30.0


def test_chronyd_peer_forms_a_passive_association_and_synchronizes_to_the_engine(tmp_path, started):
    engine, chrony_address = "127.0.4.10", "127.0.4.11"
    port = free_udp_port()
    lab = started(Lab(tmp_path / "lab", {"port": port, "listen": [engine], "refclockMaster": 4}))
    chrony = started(Chrony(tmp_path / "chrony", chrony_address, free_udp_port(), [
        f"peer {engine} port {port} minpoll -1 maxpoll 0",
    ]))
    tracking = wait_until(lambda: (t := chrony.tracking()) and t.get("stratum") == 5 and t, SETTLE_TIMEOUT_S)
    assert tracking, f"chronyd did not synchronize: {chrony.tracking()} {chrony.sources()}\n{lab.status()}"
    assert tracking["reference"] == engine
    rows = [row for row in chrony.sources() if row["address"] == engine]
    assert rows and rows[0]["mode"] == "=" and rows[0]["state"] == "*"
    association = wait_until(lambda: (a := lab.status().get("associations", [])) and a[0]["reach"] and a[0], 5)
    assert association["mode"] == "symmetricPassive"
    assert association["configured"] is False
    assert association["remote"].startswith(chrony_address)


def test_engine_peer_synchronizes_to_chronyd_through_a_symmetric_association(tmp_path, started):
    engine, chrony_address = "127.0.4.12", "127.0.4.13"
    port, chrony_port = free_udp_port(), free_udp_port()
    chrony = started(Chrony(tmp_path / "chrony", chrony_address, chrony_port, [
        "local stratum 2",
        f"peer {engine} port {port} minpoll -1 maxpoll 0",
    ]))
    lab = started(Lab(tmp_path / "lab", {
        "port": port, "listen": [engine],
        "associations": [{"name": "chrony", "kind": "peer", "host": chrony_address, "port": chrony_port,
                          "minpoll": 0, "maxpoll": 1}],
    }))
    clock = wait_until(lambda: (c := lab.clock()).get("synchronized") and c, SETTLE_TIMEOUT_S)
    assert clock, f"engine did not synchronize: {lab.status()}\n{chrony.sources()}"
    assert (clock["stratum"], clock["referenceId"], clock["systemPeer"]) == (3, chrony_address, "chrony")
    association = lab.association("chrony")
    assert association["mode"] == "symmetricActive" and association["configured"] is True
    assert abs(association["offset"]) < 0.001
    # chronyd sees the engine as a reachable symmetric peer (it does not use
    # it: the engine's reference ID is chronyd's own address, a timing loop).
    rows = wait_until(lambda: [r for r in chrony.sources() if r["address"] == engine and r["reach"]], 5)
    assert rows and rows[0]["mode"] == "="


def test_seed_topology_master_client_and_peer_report_strata_2_3_4(tmp_path, started):
    c, d, e = "127.0.1.31", "127.0.1.32", "127.0.1.33"
    port = free_udp_port(c)
    fast = {"port": port, "minpoll": 0, "maxpoll": 1}
    lab_c = started(Lab(tmp_path, {"port": port, "listen": [c], "refclockMaster": 2}, name="C"))
    lab_d = started(Lab(tmp_path, {"port": port, "listen": [d], "associations": [
        {"name": "C", "kind": "server", "host": c, "iburst": True, **fast}]}, name="D"))
    lab_e = started(Lab(tmp_path, {"port": port, "listen": [e], "associations": [
        {"name": "D", "kind": "peer", "host": d, **fast}]}, name="E"))

    def strata():
        clocks = [lab.clock() for lab in (lab_c, lab_d, lab_e)]
        return [(clock.get("stratum"), clock.get("referenceId")) for clock in clocks]

    expected = [(2, "LOCL"), (3, c), (4, d)]
    assert wait_until(lambda: strata() == expected, SETTLE_TIMEOUT_S), (
        f"strata {strata()} != {expected}\nD: {lab_d.status()}\nE: {lab_e.status()}"
    )
    passive = [a for a in lab_d.status()["associations"] if not a["configured"]]
    assert passive and passive[0]["mode"] == "symmetricPassive" and passive[0]["remote"].startswith(e)
