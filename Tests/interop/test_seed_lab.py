"""The seed lab of examples/seed-lab (issue #5 acceptance): the vendor guide's
three routers as three meridiand agents on 127.0.1.31/.32/.33, configured
through NETCONF only, converge to C stratum 2, D stratum 3 (reference-id C's
address) and E stratum 4 (reference-id D's address). Twice: without keys, and
with one shared trusted key and authentication enabled on all three (then D's
associations with C and with E must be authenticated).

The test drives examples/seed-lab/lab.py in-process (the same code
`examples/seed-lab/run.sh` runs), on a free NTP UDP port instead of 10123 so
that it never collides with a lab or `make run` started by hand.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

import harness
from ntp_lab import free_udp_port_on_all

REPO = Path(__file__).resolve().parents[2]
LAB_PY = REPO / "examples" / "seed-lab" / "lab.py"

# Convergence bound. Measured on this 2-core machine (debug build, other test
# runs sharing the cores): 5.2 s, 5.4 s, 5.5 s and 6.3 s from the last commit
# to all three devices at their expected stratum; 5.3-5.5 s with two extra
# busy loops saturating both cores (it is bound by the poll schedule, not CPU). The chain is two hops: D
# needs C's iburst samples (0.5 s apart at minpoll -1) before it selects C,
# then E's symmetric association with D must collect enough samples at poll
# 2^-1..2^0 s after D is synchronized (D answers stratum 16 before that). 45 s
# is about seven times the slowest measurement, for a heavily loaded machine;
# anything slower is a real regression (an association that waits for
# maxpoll, a lost iburst, a peer ignored while unsynchronized).
CONVERGE_TIMEOUT_S = 45.0

# With keys: how long after convergence D's associations with C and E may take
# to report `authenticated`. The leaf is that of the last packet that gave a
# sample, and E's packets give D none while E is unsynchronized (stratum 16),
# so the passive association reports it from E's first packet after E
# synchronized: one of E's polls (at most 1 s here) after E says so.
AUTHENTICATED_TIMEOUT_S = 10.0

SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"


def load_lab_module():
    spec = importlib.util.spec_from_file_location("seed_lab", LAB_PY)
    module = importlib.util.module_from_spec(spec)
    sys.modules["seed_lab"] = module
    spec.loader.exec_module(module)
    return module


def associations(m) -> list[dict]:
    reply = m.get(filter=("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><association/></ntp></system-state>'))
    root = etree.fromstring(reply.data_xml.encode())
    return [{etree.QName(c).localname: c.text for c in a} for a in root.iter(f"{{{MNTP}}}association")]


@pytest.mark.slow
@pytest.mark.parametrize("auth", [False, True], ids=["no-keys", "keys"])
def test_seed_lab_converges_c2_d3_e4(tmp_path, auth):
    lab_module = load_lab_module()
    lab_log: list[str] = []
    addresses = [d.address for d in lab_module.default_devices()]
    lab = lab_module.SeedLab(meridiand=harness.meridiand_binary(), ntp_port=free_udp_port_on_all(addresses),
                             workdir=tmp_path / "lab", log=lab_log.append, auth=auth)

    def logs() -> str:
        return "\n".join(lab_log) + "\n" + "\n".join(
            f"--- {d.name} ---\n{d.log_path.read_text()[-4000:]}" for d in lab.devices if d.log_path and d.log_path.exists())

    with lab:
        lab.configure()
        ok, elapsed, states = lab.wait_converged(CONVERGE_TIMEOUT_S)
        print(f"seed lab converged={ok} after {elapsed:.1f} s\n{lab.report(states)}")
        assert ok, f"not converged within {CONVERGE_TIMEOUT_S}s:\n{lab.report(states)}\n{logs()}"
        assert states["C"]["stratum"] == "2" and states["C"]["status"] == "synchronized"
        assert (states["D"]["stratum"], states["D"]["reference-id"]) == ("3", "127.0.1.31")
        assert (states["E"]["stratum"], states["E"]["reference-id"]) == ("4", "127.0.1.32")

        # The associations behind it: D is C's client and selected it; E is
        # D's symmetric-active peer; D holds the dynamic passive side for E.
        d_assoc = {(a["address"], a["local-mode"]): a for a in associations(lab.sessions["D"])}
        e_assoc = {(a["address"], a["local-mode"]): a for a in associations(lab.sessions["E"])}
        c_to_d = d_assoc.get(("127.0.1.31", "client"))
        assert c_to_d and c_to_d["configured"] == "true" and c_to_d["selection"] == "sys-peer", d_assoc
        assert c_to_d.get("source-address") == "127.0.1.32", c_to_d
        e_to_d = e_assoc.get(("127.0.1.32", "active"))
        assert e_to_d and e_to_d["configured"] == "true" and e_to_d["selection"] == "sys-peer", e_assoc
        passive = d_assoc.get(("127.0.1.33", "passive"))
        assert passive and passive["configured"] == "false", d_assoc
        if auth:
            # With authentication enabled only MAC-verified packets of the
            # trusted key count: C's replies to D, and E's packets that made
            # D mobilize the passive association.
            deadline = time.monotonic() + AUTHENTICATED_TIMEOUT_S
            while (c_to_d.get("authenticated"), passive.get("authenticated")) != ("true", "true") \
                    and time.monotonic() < deadline:
                time.sleep(0.25)
                d_assoc = {(a["address"], a["local-mode"]): a for a in associations(lab.sessions["D"])}
                c_to_d = d_assoc.get(("127.0.1.31", "client")) or {}
                passive = d_assoc.get(("127.0.1.33", "passive")) or {}
            assert c_to_d.get("authenticated") == "true", d_assoc
            assert passive.get("authenticated") == "true", d_assoc
    codes = lab.stop()
    assert codes == {"C": 0, "D": 0, "E": 0}, f"exit codes on SIGTERM: {codes}\n{logs()}"
