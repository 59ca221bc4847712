"""The NTP engine against real NTP programs on loopback: ntpdig and chronyd.

Each test runs `ntp-lab` (the engine alone, from a JSON file) and the peer
program on its own 127.0.2.x addresses. Fast polling (iburst, poll 2^-1..2^1 s)
makes chronyd and the engine converge in a few seconds; every wait is bounded
by SYNC_TIMEOUT_S.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess

import pytest

from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, Lab, free_udp_port, sntp_query, wait_until

# chronyd with iburst and maxpoll -1 selects a source within ~3 s; the engine
# (four burst packets 0.5 s apart) within ~2 s. Six times that on a busy
# 2-core machine.
SYNC_TIMEOUT_S = 20.0


def test_ntpdig_prints_the_refclock_master_stratum(tmp_path, started):
    # ntpdig always asks port 123: bind a loopback address of our own there.
    if os.geteuid() != 0:
        pytest.skip("ntpdig queries port 123, which needs root to bind")
    address = "127.0.2.10"
    started(Lab(tmp_path, {"port": 123, "listen": [address], "refclockMaster": 7}))
    result = subprocess.run(["ntpdig", "-j", "-t", "3", address], capture_output=True, text=True, timeout=20)
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["stratum"] == 7
    assert reply["leap"] == "no-leap"
    assert abs(reply["offset"]) < 0.01


def test_unsynchronized_engine_answers_leap_3_stratum_16(tmp_path, started):
    address, port = "127.0.2.11", free_udp_port()
    lab = started(Lab(tmp_path, {"port": port, "listen": [address]}))
    reply = sntp_query(address, port)
    assert reply is not None and len(reply) == 48
    leap, stratum = reply[0] >> 6, reply[1]
    assert (leap, stratum) == (3, 16)
    assert reply[0] & 7 == 4
    assert wait_until(lambda: lab.counters().get("requestsServed") == 1, 5)


def test_chronyd_synchronizes_to_refclock_master_and_reports_n_plus_1(tmp_path, started):
    engine_address, chrony_address = "127.0.2.12", "127.0.2.13"
    port = free_udp_port()
    lab = started(Lab(tmp_path / "lab", {"port": port, "listen": [engine_address], "refclockMaster": 4}))
    chrony = started(Chrony(tmp_path / "chrony", chrony_address, free_udp_port(), [
        f"server {engine_address} port {port} iburst minpoll -2 maxpoll -1",
    ]))
    tracking = wait_until(lambda: (t := chrony.tracking()) and t.get("stratum") == 5 and t, SYNC_TIMEOUT_S)
    assert tracking, f"chronyd did not synchronize: {chrony.tracking()}\n{chrony.log()}\n{lab.log()}"
    assert tracking["reference"] == engine_address
    assert lab.counters()["requestsServed"] >= 1


def test_engine_synchronizes_to_chronyd_local_stratum_2(tmp_path, started):
    engine_address, chrony_address = "127.0.2.14", "127.0.2.15"
    chrony_port = free_udp_port()
    started(Chrony(tmp_path / "chrony", chrony_address, chrony_port, ["local stratum 2"]))
    lab = started(Lab(tmp_path / "lab", {
        "port": free_udp_port(), "listen": [engine_address],
        "associations": [{"name": "chrony", "host": chrony_address, "port": chrony_port,
                          "iburst": True, "minpoll": 0, "maxpoll": 1}],
    }))
    clock = wait_until(lambda: (c := lab.clock()).get("synchronized") and c, SYNC_TIMEOUT_S)
    assert clock, f"engine did not synchronize: {lab.status()}"
    assert clock["stratum"] == 3
    assert clock["referenceId"] == chrony_address
    assert clock["systemPeer"] == "chrony"
    assert abs(clock["offset"]) < 0.001
    association = lab.association("chrony")
    assert association["selection"] == "sys-peer"
    assert abs(association["offset"]) < 0.001
