"""Symmetric-key authentication between the engine and chronyd: MD5 and
SHA-1 (key-then-message digests) and AES-128-CMAC (RFC 8573), both
directions, and a wrong key rejected and counted.

chronyd runs with -x on 127.0.3.x; a key in chronyd's key file and the
engine's JSON is the same secret in hex. Every wait is bounded.
"""

from __future__ import annotations

import time

import pytest

from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, Lab, free_udp_port, wait_until

SYNC_TIMEOUT_S = 20.0
# How long a wrong key is given to (not) synchronize: chronyd's iburst and
# the engine's burst are both over well within this.
REJECT_WINDOW_S = 5.0

# (engine algorithm, chrony key type, secret length in bytes)
ALGORITHMS = [("md5", "MD5", 20), ("sha1", "SHA1", 20), ("aes-cmac", "AES128", 16)]
KEY_ID = 7


def secret(length: int, seed: int = 0) -> str:
    return bytes((seed + 37 * i + 11) % 256 for i in range(length)).hex()


def engine_key(algorithm: str, hex_secret: str) -> dict:
    return {"id": KEY_ID, "algorithm": algorithm, "hex": hex_secret}


def chrony_key(chrony_type: str, hex_secret: str) -> str:
    return f"{KEY_ID} {chrony_type} HEX:{hex_secret}"


@pytest.mark.parametrize("algorithm,chrony_type,length", ALGORITHMS)
def test_chronyd_synchronizes_to_the_engine_with_an_authenticated_key(tmp_path, started, algorithm, chrony_type, length):
    engine, chrony_address = "127.0.3.10", "127.0.3.11"
    port, key = free_udp_port(), secret(length)
    lab = started(Lab(tmp_path / "lab", {"port": port, "listen": [engine], "refclockMaster": 3,
                                         "keys": [engine_key(algorithm, key)]}))
    chrony = started(Chrony(tmp_path / "chrony", chrony_address, free_udp_port(), [
        f"server {engine} port {port} iburst minpoll -2 maxpoll -1 key {KEY_ID}",
    ], keys=[chrony_key(chrony_type, key)]))
    tracking = wait_until(lambda: (t := chrony.tracking()) and t.get("stratum") == 4 and t, SYNC_TIMEOUT_S)
    assert tracking, f"chronyd did not synchronize: {chrony.tracking()}\n{chrony.log()}\n{lab.status()}"
    assert lab.counters()["authenticationFailures"] == 0


@pytest.mark.parametrize("algorithm,chrony_type,length", ALGORITHMS)
def test_engine_synchronizes_to_chronyd_with_an_authenticated_key(tmp_path, started, algorithm, chrony_type, length):
    engine, chrony_address = "127.0.3.12", "127.0.3.13"
    chrony_port, key = free_udp_port(), secret(length, seed=5)
    started(Chrony(tmp_path / "chrony", chrony_address, chrony_port, ["local stratum 2"],
                   keys=[chrony_key(chrony_type, key)]))
    lab = started(Lab(tmp_path / "lab", {
        "port": free_udp_port(), "listen": [engine], "keys": [engine_key(algorithm, key)],
        "associations": [{"name": "chrony", "host": chrony_address, "port": chrony_port, "key": KEY_ID,
                          "iburst": True, "minpoll": 0, "maxpoll": 1}],
    }))
    clock = wait_until(lambda: (c := lab.clock()).get("synchronized") and c, SYNC_TIMEOUT_S)
    assert clock, f"engine did not synchronize: {lab.status()}"
    assert clock["stratum"] == 3
    association = lab.association("chrony")
    assert association["authenticated"] is True and association["keyId"] == KEY_ID
    assert lab.counters()["authenticationFailures"] == 0


@pytest.mark.parametrize("algorithm,chrony_type,length", [ALGORITHMS[0], ALGORITHMS[2]])
def test_chronyd_with_a_wrong_key_is_rejected_and_counted(tmp_path, started, algorithm, chrony_type, length):
    engine, chrony_address = "127.0.3.14", "127.0.3.15"
    port = free_udp_port()
    lab = started(Lab(tmp_path / "lab", {"port": port, "listen": [engine], "refclockMaster": 3,
                                         "keys": [engine_key(algorithm, secret(length))]}))
    chrony = started(Chrony(tmp_path / "chrony", chrony_address, free_udp_port(), [
        f"server {engine} port {port} iburst minpoll -2 maxpoll -1 key {KEY_ID}",
    ], keys=[chrony_key(chrony_type, secret(length, seed=99))]))
    assert wait_until(lambda: lab.counters().get("authenticationFailures", 0) >= 3, SYNC_TIMEOUT_S), lab.status()
    time.sleep(REJECT_WINDOW_S)
    counters = lab.counters()
    assert counters["requestsServed"] == 0
    assert counters["packetsDropped"] >= counters["authenticationFailures"] >= 3
    assert chrony.tracking().get("stratum") != 4, chrony.tracking()


@pytest.mark.parametrize("algorithm,chrony_type,length", [ALGORITHMS[0], ALGORITHMS[2]])
def test_engine_with_a_wrong_key_never_synchronizes_to_chronyd(tmp_path, started, algorithm, chrony_type, length):
    engine, chrony_address = "127.0.3.16", "127.0.3.17"
    chrony_port = free_udp_port()
    started(Chrony(tmp_path / "chrony", chrony_address, chrony_port, ["local stratum 2"],
                   keys=[chrony_key(chrony_type, secret(length, seed=1))]))
    lab = started(Lab(tmp_path / "lab", {
        "port": free_udp_port(), "listen": [engine], "keys": [engine_key(algorithm, secret(length, seed=2))],
        "associations": [{"name": "chrony", "host": chrony_address, "port": chrony_port, "key": KEY_ID,
                          "iburst": True, "minpoll": 0, "maxpoll": 1}],
    }))
    # chronyd drops a request whose MAC it cannot verify: no reply at all.
    assert wait_until(lambda: lab.association("chrony").get("sent", 0) >= 3, SYNC_TIMEOUT_S), lab.status()
    time.sleep(REJECT_WINDOW_S)
    assert lab.clock()["synchronized"] is False
    association = lab.association("chrony")
    assert association["authenticated"] is False and association["reach"] == 0
