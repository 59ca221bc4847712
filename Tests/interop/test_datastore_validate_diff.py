"""Differential test: `meridiand validate FILE` against yanglint (libyang2-tools).

DIFF_CASES generated ietf-system / ietf-interfaces / ietf-ip configurations,
valid and invalid (bad types, out-of-range values, pattern mismatches, missing
mandatory nodes and choices, duplicate keys, unknown elements, nodes behind
disabled features or removed by meridian-deviations, leafrefs to missing list
entries, a meridian-ntp `must`), are checked by both tools; the verdicts
(exit 0 = valid) must agree on every one.

yanglint is given the modules of the daemon's hello (name, revision, features,
deviations), read from the same directories the daemon searches. The configs
avoid what only meridiand checks (the MODEL.md NTP rules: server addresses that
are multicast, broadcast or local; interfaces that must carry an address), so a
disagreement is a disagreement about YANG.
"""

from __future__ import annotations

import random
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest

import harness
from datastore_util import IANAIFT, IF, IP, NC, SYS

DIFF_CASES = 300
DIFF_SEED = 6241
# Whole-test bound (both tools, every case) on the shared 2-core machine.
DIFF_BUDGET_S = 240
REPO = Path(__file__).resolve().parents[2]
SEARCH_DIRS = [REPO / "yang", Path("/usr/share/yuma/nmda-modules/ietf"), Path("/usr/share/yuma/modules/ietf")]
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"


# -- yanglint with the daemon's modules ------------------------------------------


def hello_modules(capabilities) -> list[tuple[str, str, list[str]]]:
    mods = []
    for cap in capabilities:
        if "?" not in cap or "module=" not in cap:
            continue
        q = parse_qs(cap.split("?", 1)[1])
        name = q["module"][0]
        rev = q.get("revision", [""])[0]
        feats = [f for f in unquote(q.get("features", [""])[0]).split(",") if f]
        mods.append((name, rev, feats))
    return mods


def yanglint_command(capabilities) -> list[str]:
    cmd = ["yanglint"]
    for d in SEARCH_DIRS:
        cmd += ["-p", str(d)]
    files: list[str] = []
    for name, rev, feats in hello_modules(capabilities):
        path = next((d / f"{name}@{rev}.yang" for d in SEARCH_DIRS if (d / f"{name}@{rev}.yang").exists()), None)
        if path is None:
            continue  # libyang's own internal modules (yang, ietf-yang-library, ...)
        files.append(str(path))
        cmd += ["-F", f"{name}:{','.join(feats)}"]
    return cmd + ["-t", "config"] + files


@pytest.fixture(scope="module")
def daemon_capabilities(tmp_path_factory, state_template, creds):
    from ncclient import manager

    d = harness.Daemon(harness.copy_state(state_template, tmp_path_factory.mktemp("diff") / "state"), name="diff-hello").start()
    try:
        m = manager.connect(host="127.0.0.1", port=d.port, username=creds.password_user, password=creds.password,
                            hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)
        caps = list(m.server_capabilities)
        m.close_session()
    finally:
        assert d.stop() == 0
    return caps


# -- generated configurations ------------------------------------------------------


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def bad(self, p: float = 0.08) -> bool:
        return self.r.random() < p

    def pick(self, good: list[str], bad: list[str], p: float = 0.08) -> str:
        return self.r.choice(bad) if self.bad(p) else self.r.choice(good)

    def server(self, name: str) -> str:
        r = self.r
        parts = [f"<name>{name}</name>"]
        if not self.bad(0.05):  # the mandatory choice `transport`
            addr = self.pick(
                ["192.0.2.10", "198.51.100.3", "203.0.113.77", "2001:db8::123", "ntp.example.net", "time-1.example.org",
                 "256.1.1.1", "a.b.c.d.e"],
                ["bad host name", "2001:db8::zz", "ex..ample.net", "-lead.example", ""],
            )
            port = ""
            if r.random() < 0.3:
                port = f"<port>{self.pick(['123', '1', '65535', '4123'], ['65536', '-1', 'ntp', '1.5'])}</port>"
            address = "" if self.bad(0.04) else f"<address>{addr}</address>"
            parts.append(f"<udp>{address}{port}</udp>")
        if r.random() < 0.4:
            parts.append(f"<association-type>{self.pick(['server', 'peer', 'pool'], ['broadcast', 'Server'])}</association-type>")
        for leaf in ("iburst", "prefer"):
            if r.random() < 0.3:
                parts.append(f"<{leaf}>{self.pick(['true', 'false'], ['yes', '1', 'TRUE'])}</{leaf}>")
        if r.random() < 0.15:
            lo, hi = r.randint(-8, 19), r.randint(-8, 19)
            parts.append(f'<minpoll xmlns="{MNTP}">{lo}</minpoll><maxpoll xmlns="{MNTP}">{hi}</maxpoll>')
        if r.random() < 0.05:
            parts.append(f'<source-interface xmlns="{MNTP}">missing{r.randint(0, 9)}</source-interface>')
        if r.random() < 0.05:
            parts.append(f'<key-id xmlns="{MNTP}">{r.randint(1, 9)}</key-id>')
        if r.random() < 0.03:
            parts.append("<unknown-leaf>1</unknown-leaf>")
        r.shuffle(parts)
        return "<server>" + "".join(parts) + "</server>"

    def system(self) -> str:
        r = self.r
        parts = []
        if r.random() < 0.5:
            parts.append(f"<contact>{self.pick(['noc@example.net', 'ops &amp; co', ''], ['x'], 0)}</contact>")
        if r.random() < 0.4:
            parts.append(f"<hostname>{self.pick(['ntp1', 'ntp-1.example.net', 'a', 'x_y.example.'], ['bad..name', 'has space', '-x', 'a' * 64])}</hostname>")
        if r.random() < 0.3:
            parts.append(f"<location>{r.choice(['rack 4', 'DC1/row 3', 'é-site'])}</location>")
        if r.random() < 0.04:
            parts.append("<clock><timezone-utc-offset>60</timezone-utc-offset></clock>")  # deviated away
        if r.random() < 0.03:
            parts.append("<dns-resolver><search>example.net</search></dns-resolver>")  # deviated away
        if r.random() < 0.03:
            parts.append("<authentication><user-authentication-order>local-users</user-authentication-order></authentication>")  # feature off
        if r.random() < 0.8:
            ntp = []
            if r.random() < 0.3:
                ntp.append(f"<enabled>{self.pick(['true', 'false'], ['on', 'False'])}</enabled>")
            names = [f"s{i}" for i in range(r.randint(0, 4))]
            if names and self.bad(0.04):
                names.append(names[0])  # duplicate key
            ntp += [self.server(n) for n in names]
            parts.append("<ntp>" + "".join(ntp) + "</ntp>")
        if r.random() < 0.04:
            parts.append("<contact>second</contact>" if any(p.startswith("<contact>") for p in parts) else "<bogus/>")
        r.shuffle(parts)
        return f'<system xmlns="{SYS}">' + "".join(parts) + "</system>"

    def ipv4(self) -> str:
        r = self.r
        parts = []
        if r.random() < 0.3:
            parts.append(f"<enabled>{self.pick(['true', 'false'], ['up'])}</enabled>")
        if r.random() < 0.3:
            parts.append(f"<mtu>{self.pick(['68', '1500', '9000', '65535'], ['67', '0', '70000'])}</mtu>")
        for i in range(r.randint(0, 2)):
            ip = self.pick([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{i + 1}"], ["10.0.0.256", "10.0.0", "fe80::1"])
            if self.bad(0.05):
                subnet = ""  # mandatory choice subnet
            elif self.bad(0.05):
                subnet = "<netmask>255.255.255.0</netmask>"  # feature ipv4-non-contiguous-netmasks is off
            else:
                subnet = f"<prefix-length>{self.pick([str(r.randint(0, 32))], ['33', '-1'])}</prefix-length>"
            parts.append(f"<address><ip>{ip}</ip>{subnet}</address>")
        if r.random() < 0.1:
            mac = self.pick(["00:11:22:33:44:55", "0a:0b"], ["00:11:22:33:44:5z", "001122334455"])
            link = "" if self.bad(0.1) else f"<link-layer-address>{mac}</link-layer-address>"
            parts.append(f"<neighbor><ip>10.9.9.{r.randint(1, 254)}</ip>{link}</neighbor>")
        return f'<ipv4 xmlns="{IP}">' + "".join(parts) + "</ipv4>"

    def ipv6(self) -> str:
        r = self.r
        parts = []
        if r.random() < 0.3:
            parts.append(f"<mtu>{self.pick(['1280', '1500', '9000'], ['1279', '68'])}</mtu>")
        for i in range(r.randint(0, 2)):
            ip = self.pick([f"2001:db8:{r.randint(1, 999)}::{i + 1}", "fd00::5"], ["2001:db8:::1", "10.1.1.1", "gggg::1"])
            plen = "" if self.bad(0.05) else f"<prefix-length>{self.pick([str(r.randint(0, 128))], ['129'])}</prefix-length>"
            parts.append(f"<address><ip>{ip}</ip>{plen}</address>")
        if r.random() < 0.2:
            parts.append(f"<dup-addr-detect-transmits>{self.pick(['0', '1', '5'], ['-1', 'x'])}</dup-addr-detect-transmits>")
        return f'<ipv6 xmlns="{IP}">' + "".join(parts) + "</ipv6>"

    def interface(self, name: str) -> str:
        r = self.r
        parts = [f"<name>{name}</name>"]
        if not self.bad(0.06):
            t = self.pick(["ethernetCsmacd", "softwareLoopback", "ieee8023adLag", "l2vlan", "tunnel"], ["notAType", "ethernet"])
            parts.append(f'<type xmlns:ianaift="{IANAIFT}">ianaift:{t}</type>')
        elif self.bad(0.3):
            parts.append("<type>ethernetCsmacd</type>")  # identity without a prefix
        if r.random() < 0.3:
            parts.append(f"<enabled>{self.pick(['true', 'false'], ['no'])}</enabled>")
        if r.random() < 0.3:
            parts.append(f"<description>{r.choice(['uplink', 'to core', ''])}</description>")
        if r.random() < 0.03:
            parts.append("<link-up-down-trap-enable>enabled</link-up-down-trap-enable>")  # feature if-mib is off
        if r.random() < 0.35:
            parts.append(self.ipv4())
        if r.random() < 0.25:
            parts.append(self.ipv6())
        r.shuffle(parts)
        return "<interface>" + "".join(parts) + "</interface>"

    def interfaces(self) -> str:
        names = self.r.sample(["eth0", "eth1", "GigabitEthernet0/1/0", "lo", "bond0", "vlan.100"], self.r.randint(1, 3))
        if self.bad(0.04):
            names.append(names[0])  # duplicate key
        return f'<interfaces xmlns="{IF}">' + "".join(self.interface(n) for n in names) + "</interfaces>"

    def config(self) -> str:
        r = self.r
        parts = []
        if r.random() < 0.75:
            parts.append(self.system())
        if r.random() < 0.6 or not parts:
            parts.append(self.interfaces())
        if r.random() < 0.02:
            parts.append('<system xmlns="urn:example:unknown"><contact>x</contact></system>')
        r.shuffle(parts)
        return "".join(parts)


def generated_configs(n: int, seed: int) -> list[str]:
    g = Gen(random.Random(seed))
    return [g.config() for _ in range(n)]


# -- the test ---------------------------------------------------------------------


def meridiand_verdict(path: Path, state_dir: Path) -> tuple[bool, str]:
    r = harness.run_cli(["validate", "--state-dir", str(state_dir), str(path)], timeout=60)
    out = r.stdout.decode(errors="replace")
    assert r.returncode in (0, 1), f"meridiand validate exited {r.returncode}: {out}{r.stderr.decode(errors='replace')}"
    if r.returncode == 0:
        assert "<ok/>" in out and "rpc-error" not in out, out
    else:
        assert "<rpc-error>" in out, out
    return r.returncode == 0, out


def yanglint_verdict(cmd: list[str], path: Path) -> tuple[bool, str]:
    r = subprocess.run(cmd + [str(path)], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        assert "libyang err" in r.stderr or "YANGLINT[E]" in r.stderr, f"yanglint failed oddly ({r.returncode}): {r.stderr}"
    return r.returncode == 0, r.stderr


def test_yanglint_setup_matches_daemon_modules(daemon_capabilities, tmp_path):
    cmd = yanglint_command(daemon_capabilities)
    joined = " ".join(cmd)
    for expected in ("ietf-system:ntp,ntp-udp-port", "ietf-interfaces:arbitrary-names,pre-provisioning",
                     "meridian-deviations@", "ietf-ip@2018-02-22.yang"):
        assert expected in joined, joined
    # A config both tools must accept, and one both must reject: the setup works.
    good = tmp_path / "good.xml"
    good.write_text(f'<system xmlns="{SYS}"><contact>x</contact></system>')
    assert yanglint_verdict(cmd, good)[0]
    bad = tmp_path / "bad.xml"
    bad.write_text(f'<interfaces xmlns="{IF}"><interface><name>e</name></interface></interfaces>')
    assert not yanglint_verdict(cmd, bad)[0]


def test_validate_agrees_with_yanglint(daemon_capabilities, tmp_path):
    cmd = yanglint_command(daemon_capabilities)
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    started = time.monotonic()
    mismatches = []
    counts = {True: 0, False: 0}
    for i, body in enumerate(generated_configs(DIFF_CASES, DIFF_SEED)):
        assert time.monotonic() - started < DIFF_BUDGET_S, f"over {DIFF_BUDGET_S}s after {i} cases"
        data = tmp_path / f"case{i:03d}.xml"
        data.write_text(body)
        wrapped = tmp_path / f"case{i:03d}.config.xml"
        wrapped.write_text(f'<config xmlns="{NC}">{body}</config>')
        ours, out = meridiand_verdict(wrapped, state)
        theirs, err = yanglint_verdict(cmd, data)
        counts[theirs] += 1
        if ours != theirs:
            mismatches.append(f"case {i}: meridiand {'valid' if ours else 'invalid'}, yanglint {'valid' if theirs else 'invalid'}\n"
                              f"  config: {body}\n  meridiand: {out.strip()}\n  yanglint: {err.strip()}")
    elapsed = time.monotonic() - started
    print(f"\n{DIFF_CASES} configs in {elapsed:.1f}s: yanglint valid {counts[True]}, invalid {counts[False]}; "
          f"{len(mismatches)} disagreements")
    # Not a vacuous comparison: both verdicts are well represented.
    assert counts[True] >= DIFF_CASES // 5 and counts[False] >= DIFF_CASES // 5, counts
    assert not mismatches, f"{len(mismatches)} disagreements:\n" + "\n".join(mismatches[:15])
