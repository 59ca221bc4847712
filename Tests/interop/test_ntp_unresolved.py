"""A configured server whose host name does not resolve is visible in `<get>`
(/system-state/ntp/unresolved-association: state, the resolver's error, failed attempts, the
next retry), and is looked up again with a back-off (2 s, then twice as long).

So that no test query leaves the machine, meridiand runs in a network namespace of the test's
own with no route but a veth pair to the host: its resolver cannot reach any name server and
fails at once. The test reaches NETCONF over that veth pair.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import pytest
from lxml import etree

import harness
from datastore_util import wait_until
from ntp_netconf_util import MNTP, get_ntp_state, ntp, replace_and_commit, server, system

HOST_SIDE, NS_SIDE = "10.251.7.1", "10.251.7.2"
NAME = "time.unresolvable.example"
# The first lookup fails at once (no route to a name server); the retry is 2 s later.
FIRST_FAILURE_BOUND_S = 10.0
RETRY_BOUND_S = 2 + 10.0


def run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True, timeout=30)


@pytest.fixture
def namespace():
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("network namespaces need root and iproute2")
    tag = uuid.uuid4().hex[:6]
    ns, host_dev, ns_dev = f"mrd-dns-{tag}", f"mrdh{tag}", f"mrdn{tag}"
    try:
        run("ip", "netns", "add", ns)
    except subprocess.CalledProcessError as e:
        pytest.skip(f"cannot create a network namespace here: {e.stderr.decode().strip()}")
    try:
        run("ip", "link", "add", host_dev, "type", "veth", "peer", "name", ns_dev, "netns", ns)
        run("ip", "addr", "add", f"{HOST_SIDE}/30", "dev", host_dev)
        run("ip", "link", "set", host_dev, "up")
        run("ip", "-n", ns, "link", "set", "lo", "up")
        run("ip", "-n", ns, "addr", "add", f"{NS_SIDE}/30", "dev", ns_dev)
        run("ip", "-n", ns, "link", "set", ns_dev, "up")
        yield ns
    finally:
        subprocess.run(["ip", "link", "del", host_dev], capture_output=True)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def unresolved(mgr) -> dict[str, dict]:
    out = {}
    for entry in get_ntp_state(mgr).iter(f"{{{MNTP}}}unresolved-association"):
        leaves = {etree.QName(c).localname: c.text or "" for c in entry}
        out[leaves["name"]] = leaves
    return out


def test_an_unresolvable_server_is_shown_and_retried(namespace, tmp_path, state_template, nc):
    state = harness.copy_state(state_template, tmp_path / "state")
    d = harness.Daemon(state, name="unresolved", listen_host=NS_SIDE, command_prefix=["ip", "netns", "exec", namespace])
    d.start()
    try:
        m = nc(d, host=NS_SIDE)
        replace_and_commit(m, system(ntp(10123, server("lab", NAME, 10123))))
        first = wait_until(lambda: (u := unresolved(m).get("lab")) and u.get("state") == "unresolved" and u,
                           FIRST_FAILURE_BOUND_S, 0.2, "the failed lookup shows in <get>")
        assert first["host"] == NAME and first["local-mode"] == "client", first
        assert first["last-error"], first
        assert first["attempts"] == "1", first
        assert first["next-retry"], first
        retried = wait_until(lambda: (u := unresolved(m).get("lab")) and int(u.get("attempts", "0")) >= 2 and u,
                             RETRY_BOUND_S, 0.2, "the name is looked up again")
        assert retried["state"] == "unresolved"
        assert "cannot resolve NTP host" in d.log_text()
        # Removing the server removes the entry.
        replace_and_commit(m, system(ntp(10123)))
        assert "lab" not in unresolved(m)
    finally:
        assert d.stop() == 0
