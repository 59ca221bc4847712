"""examples/ansible/ against a real meridiand: Ansible's ansible.netcommon
modules (netconf_get, netconf_config, netconf_rpc over the persistent netconf
connection, ncclient underneath) run the example playbook as a network
engineer would, pointed at a daemon of this test through the environment
(MERIDIAN_HOST/PORT/USER/PASSWORD, read by examples/ansible/inventory.yml) and
ANSIBLE_CONFIG=examples/ansible/ansible.cfg.

The playbook asserts what the agent returns itself; this test also reads the
agent back with ncclient. Acceptance (the Ansible issue): the playbook is green
twice in a row in one session, after a commit the agent refused through the
same Ansible flow (refused-commit.yml: netconf_config locks the candidate,
edits it, the commit is refused, the module unlocks). That needs RFC 6241
§8.3.5.2: the unlock discards the refused edit, or the next run's <lock> is
denied because the candidate has uncommitted changes.

One playbook run takes 10 to 14 s here (2 shared cores, debug build): Ansible
starts a persistent connection process and a Python module per task.
PLAYBOOK_TIMEOUT_S allows about 4x that.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from datastore_util import canonical, config, get_config, session
from ntp_lab import free_udp_port
from ntp_netconf_util import associations, iface, interfaces, m, ntp, system

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ansible"

# Bound on one ansible-playbook run (measured: 10 to 14 s for playbook.yml, 3 s for refused-commit.yml).
PLAYBOOK_TIMEOUT_S = 60
# The agent's own address in the base configuration (lo); refused as a server.
OWN_ADDRESS = "127.0.0.1"
# What playbook.yml configures (its defaults).
SERVERS = {"lab-ntp-1": ("127.0.0.2", "10123"), "lab-ntp-2": ("127.0.0.3", "10123")}


def ansible_playbook() -> str:
    path = Path(sys.executable).with_name("ansible-playbook")
    assert path.exists(), (
        f"{path} is missing: install Tests/interop/requirements.txt (ansible) into the venv running pytest"
    )
    return str(path)


def base_config(ntp_port: int) -> str:
    """The device before the playbook: a stratum-10 local reference served on lo."""
    return config(
        system("<hostname>meridian-ansible</hostname>",
               ntp(ntp_port, listen=["lo"], extra=m("refclock-master", "<stratum>10</stratum>"))),
        interfaces(iface("lo", [OWN_ADDRESS])),
    )


class Runner:
    """Runs examples/ansible playbooks against one daemon, as `alice` with her password."""

    def __init__(self, daemon, creds, tmp_path: Path):
        self.daemon = daemon
        home = tmp_path / "ah"
        for sub in ("tmp", "pc"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        # Nothing of the caller's Ansible settings leaks in; nothing is written to ~/.ansible.
        env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_") and not k.startswith("MERIDIAN_")}
        env.update(
            ANSIBLE_CONFIG=str(EXAMPLE / "ansible.cfg"),
            ANSIBLE_HOME=str(home),
            ANSIBLE_LOCAL_TEMP=str(home / "tmp"),
            ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=str(home / "pc"),
            ANSIBLE_NOCOLOR="1",
            MERIDIAN_HOST="127.0.0.1",
            MERIDIAN_PORT=str(daemon.port),
            MERIDIAN_USER=creds.password_user,
            MERIDIAN_PASSWORD=creds.password,
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        self.env = env
        self.durations: list[float] = []

    def run(self, playbook: str, *extra_args: str) -> subprocess.CompletedProcess:
        args = [ansible_playbook(), "-i", str(EXAMPLE / "inventory.yml"), str(EXAMPLE / playbook), *extra_args]
        t0 = time.monotonic()
        proc = subprocess.Popen(args, cwd=EXAMPLE, env=self.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=PLAYBOOK_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate(timeout=10)
            pytest.fail(f"{playbook}: no end within {PLAYBOOK_TIMEOUT_S}s\n{tail(out)}")
        self.durations.append(time.monotonic() - t0)
        return subprocess.CompletedProcess(args, proc.returncode, out, "")


def tail(text: str, lines: int = 120) -> str:
    rows = text.splitlines()
    return "\n".join(rows[-lines:])


def recap(r: subprocess.CompletedProcess) -> dict[str, int]:
    """The PLAY RECAP counters of the one host."""
    line = re.search(r"^meridian1\s*:\s*(.*)$", r.stdout, re.MULTILINE)
    assert line, f"no PLAY RECAP line for meridian1:\n{tail(r.stdout)}"
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line.group(1))}


def candidate_vs_running(mgr) -> str:
    """What an ncclient session sees, for failure messages: is the candidate clean?"""
    cand, run = canonical(get_config(mgr, "candidate")), canonical(get_config(mgr, "running"))
    if cand == run:
        return "ncclient: candidate equals running"
    return f"ncclient: candidate differs from running\n candidate: {cand.decode()}\n running:   {run.decode()}"


def assert_green(r: subprocess.CompletedProcess, what: str, mgr) -> dict[str, int]:
    if r.returncode != 0:
        pytest.fail(f"{what}: ansible-playbook exited {r.returncode}\n{candidate_vs_running(mgr)}\n"
                    f"--- ansible-playbook output (tail) ---\n{tail(r.stdout)}")
    counts = recap(r)
    assert counts.get("failed") == 0 and counts.get("unreachable") == 0, f"{what}: {counts}\n{tail(r.stdout)}"
    return counts


def assert_device_configured(mgr) -> None:
    """Both servers of playbook.yml in running and in the engine; nothing left in candidate."""
    running = canonical(get_config(mgr, "running")).decode()
    for name, (address, port) in SERVERS.items():
        entry = re.search(rf"<server><name>{re.escape(name)}</name>.*?</server>", running)
        assert entry, f"{name} is not in running:\n{running}"
        assert f"<address>{address}</address>" in entry.group(0) and f"<port>{port}</port>" in entry.group(0), entry.group(0)
    assert "<name>myself</name>" not in running, f"the refused server reached running:\n{running}"
    assoc = associations(mgr)
    for name, (address, _) in SERVERS.items():
        a = assoc.get((address, "client"))
        assert a is not None and a.get("configured") == "true", f"no configured association for {name}: {assoc}"
    assert canonical(get_config(mgr, "candidate")) == canonical(get_config(mgr, "running")), candidate_vs_running(mgr)


@pytest.mark.slow
def test_playbook_green_twice_after_a_refused_commit(make_daemon, creds, nc, tmp_path):
    cfg = tmp_path / "base-config.xml"
    cfg.write_text(base_config(free_udp_port(OWN_ADDRESS)))
    d = make_daemon("--initial-config", str(cfg), name="ansible")
    mgr = session(nc, d)
    runner = Runner(d, creds, tmp_path)

    # 1. A first run on the fresh device: adds lab-ntp-1, plans and confirms lab-ntp-2.
    r = runner.run("playbook.yml")
    counts = assert_green(r, "first run", mgr)
    assert counts.get("changed", 0) >= 1, counts
    assert "1. add-association lab-ntp-2: server 127.0.0.3 port 10123" in r.stdout, (
        f"the first run's plan did not show lab-ntp-2 being added:\n{tail(r.stdout)}")
    assert_device_configured(mgr)

    # 2. A commit the NTP rules refuse, through Ansible: lock, edit, commit refused, unlock.
    r = runner.run("refused-commit.yml", "-e", f"own_address={OWN_ADDRESS}")
    counts = assert_green(r, "refused-commit.yml", mgr)
    assert counts.get("ignored") == 1, f"the refused commit was not refused: {counts}\n{tail(r.stdout)}"
    assert "is an address of this device" in r.stdout, tail(r.stdout)

    # 3. Green twice in a row after it: each run locks the candidate again.
    for n in ("second", "third"):
        r = runner.run("playbook.yml")
        assert_green(r, f"{n} run (after the refused commit)", mgr)
        assert "nothing to change" in r.stdout, f"{n} run: the plan was not empty:\n{tail(r.stdout)}"
        assert_device_configured(mgr)

    assert d.alive(), d.log_tail()
    print(f"ansible-playbook runs took {', '.join(f'{s:.1f}s' for s in runner.durations)}")
