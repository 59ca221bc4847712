"""examples/systemd/meridiand.service: systemd accepts it, it is hardened, and meridiand
accepts its command line.

`systemd-analyze verify` parses the unit as systemd would (unknown keys and bad values are
warnings on stderr with exit code 0, so any output fails the test); it needs the ExecStart
binary to exist, so the copy checked runs $MERIDIAND. `systemd-analyze security --offline`
(systemd 250 and later) scores the sandboxing. Both skip when systemd-analyze is missing
(Debian package `systemd`, in the Makefile's test packages). Nothing here starts the
service: the machine running the tests need not run systemd.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
UNIT = REPO / "examples" / "systemd" / "meridiand.service"
SYSUSERS = REPO / "examples" / "systemd" / "meridian.sysusers"
INSTALLED_BINARY = "/usr/local/bin/meridiand"
# systemd-analyze security's scale: 0 (locked down) to 10; "OK" ends at 4.9. The unit
# scores 2.3 with systemd 252: most of what remains is the network and the clock it is for.
EXPOSURE_MAX = 3.0
ANALYZE_TIMEOUT_S = 60

needs_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                   reason="systemd-analyze not installed (Debian package systemd)")


def directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.fixture
def unit_copy(tmp_path) -> Path:
    """The unit with ExecStart pointing at the binary under test."""
    copy = tmp_path / "meridiand.service"
    copy.write_text(UNIT.read_text().replace(INSTALLED_BINARY, harness.meridiand_binary()))
    return copy


@needs_analyze
def test_systemd_analyze_verify_accepts_the_unit_without_a_warning(unit_copy):
    r = subprocess.run(["systemd-analyze", "verify", str(unit_copy)], capture_output=True, text=True,
                       timeout=ANALYZE_TIMEOUT_S)
    assert r.returncode == 0 and not (r.stdout + r.stderr).strip(), f"exit {r.returncode}\n{r.stdout}{r.stderr}"


@needs_analyze
def test_systemd_analyze_security_rates_the_sandbox(unit_copy):
    r = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", str(unit_copy)],
                       capture_output=True, text=True, timeout=ANALYZE_TIMEOUT_S)
    if "--offline" in r.stderr and r.returncode != 0:
        pytest.skip(f"systemd-analyze security has no --offline here: {r.stderr.strip()}")
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", r.stdout)
    assert match, f"exit {r.returncode}\n{r.stdout}{r.stderr}"
    print(match.group(0))
    assert float(match.group(1)) <= EXPOSURE_MAX, r.stdout


def test_the_unit_keeps_only_the_two_capabilities_and_the_usual_hardening():
    d = directives(UNIT.read_text())
    assert d["ExecStart"][0].startswith(f"{INSTALLED_BINARY} run ")
    assert d["User"] == ["meridian"] and d["StateDirectory"] == ["meridian"] and d["StateDirectoryMode"] == ["0700"]
    for key in ("CapabilityBoundingSet", "AmbientCapabilities"):
        assert d[key] == ["CAP_NET_BIND_SERVICE CAP_SYS_TIME"], d[key]
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                       "PrivateTmp": "yes", "PrivateDevices": "yes", "UMask": "0077"}.items():
        assert d.get(key) == [value], f"{key}={d.get(key)}"
    assert "@system-service" in d["SystemCallFilter"][0] and "@clock" in d["SystemCallFilter"][0]
    assert set(d["RestrictAddressFamilies"][0].split()) == {"AF_INET", "AF_INET6", "AF_NETLINK", "AF_UNIX"}
    assert "ProtectClock" not in d, "ProtectClock=yes would take CAP_SYS_TIME away from --clock system"
    # The sysusers.d file creates the user the unit names.
    entries = [line.split() for line in SYSUSERS.read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert [e[:2] for e in entries] == [["u", "meridian"]]


def test_meridiand_accepts_the_units_command_line(make_daemon):
    """The options of ExecStart, with the harness's state directory and port, start a daemon."""
    args = shlex.split(directives(UNIT.read_text())["ExecStart"][0])[2:]
    kept: list[str] = []
    while args:
        option = args.pop(0)
        if option in ("--state-dir", "--netconf-listen"):
            args.pop(0)   # the harness gives its own
        else:
            kept.append(option)
    user = ["--user", "root"] if os.geteuid() == 0 else []
    d = make_daemon(*kept, *user, name="unit-command-line")
    assert d.alive()
