"""meridian-cli (issue #23): the vendor guides' commands over NETCONF.

- The guide's peer-mode example (DeviceC master at stratum 2, DeviceD its client, DeviceE a
  symmetric-active peer of D): three meridiand configured only by meridian-cli scripts of
  the guide's commands (addresses on loopback, the lab's NTP port); `display ntp-service
  status` shows E synchronized at stratum 4 to D, and D at stratum 3.
- Round trip: a configuration built from the commands, shown by `display
  current-configuration` and replayed into an empty agent, gives the same running
  configuration.
- Interactive: prompts, `?` help, tab completion, abbreviations, undo and the question on
  leaving the system view with uncommitted changes, on a pseudo-terminal.
- Commit history (meridian-commits): `commit label`, `display configuration commit list
  [verbose]`, `display configuration commit changes at commit-id N`, `rollback
  configuration to commit-id N` and `last K`.
- One-shot and script exit codes; errors with the `^` marker; a failed script leaves the
  candidate clean; an unknown host key is refused without --accept-new-host-key.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from lxml import etree

import harness
import meridian_cli_util as mcli
from ntp_lab import free_udp_port_on_all

# Convergence bound for the guide's example: the same chain as test_seed_lab.py (measured
# 5-6 s there), plus one SSH login per poll of `display ntp-service status`.
CONVERGE_TIMEOUT_S = 60.0

DEVICES = {"C": "127.0.1.31", "D": "127.0.1.32", "E": "127.0.1.33"}


def guide_script(name: str, port: int) -> str:
    """The guide's commands for DeviceC/D/E (fast polling so the test converges in seconds)."""
    address = DEVICES[name]
    interface = f"lo-{name.lower()}"
    lines = ["system-view", f"sysname Device{name}", f"interface {interface}",
             f" ip address {address} 255.255.255.255", " quit"]
    if name == "C":
        lines += ["ntp-service refclock-master 2"]
    elif name == "D":
        lines += [f"ntp-service source-interface {interface}",
                  f"ntp-service unicast-server {DEVICES['C']} port {port} minpoll -1 maxpoll 0 iburst"]
    else:
        lines += [f"ntp-service unicast-peer {DEVICES['D']} port {port} source-interface {interface} minpoll -1 maxpoll 0 iburst"]
    lines += [f"ntp-service server source-interface {interface}", "commit", "return"]
    return "\n".join(lines) + "\n"


def status(daemon, creds, known_hosts) -> dict[str, str]:
    result = mcli.run(daemon, creds, known_hosts, "-c", "display ntp-service status")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    fields = {}
    for line in result.stdout.decode().splitlines():
        key, _, value = line.strip().partition(": ")
        fields[key] = value
    return fields


@pytest.fixture
def lab_daemons(tmp_path, state_template):
    started: list[harness.Daemon] = []
    ntp_port = free_udp_port_on_all(list(DEVICES.values()))

    def make(name: str) -> harness.Daemon:
        d = harness.Daemon(harness.copy_state(state_template, tmp_path / name), ["--ntp-port", str(ntp_port)],
                           name=f"Device{name}", listen_host=DEVICES[name], log_level="info")
        started.append(d)
        return d.start()

    yield ntp_port, make
    harness.stop_all(started)


@pytest.mark.slow
def test_guide_peer_example_configured_by_cli_scripts(lab_daemons, creds, tmp_path):
    ntp_port, make = lab_daemons
    known_hosts = tmp_path / "known_hosts"
    daemons = {name: make(name) for name in DEVICES}
    for name, d in daemons.items():
        result = mcli.run(d, creds, known_hosts, script=guide_script(name, ntp_port))
        assert result.returncode == 0, f"{name}: {result.stdout.decode()}{result.stderr.decode()}"
    deadline = time.monotonic() + CONVERGE_TIMEOUT_S
    while True:
        e = status(daemons["E"], creds, known_hosts)
        if e.get("clock stratum") == "4" or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert e.get("clock status") == "synchronized", e
    assert e.get("clock stratum") == "4", e
    assert e.get("reference clock ID") == DEVICES["D"], e
    d = status(daemons["D"], creds, known_hosts)
    assert (d.get("clock status"), d.get("clock stratum"), d.get("reference clock ID")) == \
        ("synchronized", "3", DEVICES["C"]), d
    assert status(daemons["C"], creds, known_hosts).get("clock stratum") == "2"
    # D's sessions: C as its selected, configured server (VRP's note digits 1, 3, 5).
    sessions = mcli.run(daemons["D"], creds, known_hosts, "-c", "display ntp-service sessions").stdout.decode()
    assert any(line.startswith(f" [135]{DEVICES['C']} ") for line in sessions.splitlines()), sessions
    # The trace walks E -> D -> C with NTP queries, up to C's local reference.
    trace = mcli.run(daemons["E"], creds, known_hosts, "-c", "display ntp-service trace")
    lines = trace.stdout.decode().splitlines()
    assert trace.returncode == 0 and len(lines) == 4, trace.stdout.decode() + trace.stderr.decode()
    assert [line.split(",")[:2] for line in lines[:3]] == [
        [f" server {DEVICES['E']}", "stratum 4"], [f" server {DEVICES['D']}", "stratum 3"],
        [f" server {DEVICES['C']}", "stratum 2"]], lines
    assert lines[3] == " refid LOCL", lines
    # The prompt name is the committed sysname.
    prompt = mcli.run(daemons["E"], creds, known_hosts, "-c", "display current-configuration | include sysname")
    assert prompt.stdout.decode().strip() == "sysname DeviceE"


# Every configuration command of the CLI that this host can commit without extra devices
# (vpn-instance needs a VRF device).
EVERY_COMMAND = """\
system-view
sysname RoundTrip
interface lo-rt
 ip address 127.0.1.51 255.255.255.0
 ntp-service broadcast-client
 ntp-service multicast-client 224.0.1.1
 quit
interface lo-bc
 ip address 127.0.1.61 255.255.255.0
 ntp-service broadcast-server authentication-keyid 10 version 3
 ntp-service multicast-server 239.1.1.1 ttl 4 version 3
 quit
interface lo6-rt
 ipv6 address ::1 128
 quit
interface eth-rt
 ip address 192.0.2.1 255.255.255.0
 ntp-service disable
 quit
ntp-service authentication-keyid 10 authentication-mode aes-128-cmac hex-cipher 00112233445566778899aabbccddeeff
ntp-service authentication-keyid 11 authentication-mode md5 cipher secret11
ntp-service authentication-keyid 12 authentication-mode sha1 simple s3cret12
ntp-service reliable authentication-keyid 10
ntp-service reliable authentication-keyid 11
ntp-service authentication enable
ntp-service refclock-master 127.127.1.0 3
ntp-service source-interface lo-rt
ntp-service ipv6 source-interface lo6-rt
ntp-service server source-interface lo-rt
ntp-service access peer 127.0.0.0/8
ntp-service access query 10.0.0.0/8
ntp-service access limited average-interval 4 burst 2
ntp-service max-dynamic-sessions 32
ntp unsync max-poll-interval 8 dec-step 2
ntp-service unicast-server 127.0.1.52 port 10999 version 3 authentication-keyid 10 preference minpoll 4 maxpoll 8 burst iburst preempt
ntp unicast-peer 127.0.1.53 source-interface lo-rt priority
ntp-service unicast-server ipv6 2001:db8::5
ntp-service unicast-server ntp.example.invalid
commit
"""


def running_config(nc_session) -> bytes:
    """Canonical XML of all of running (both agents start from the same empty state, so
    anything else in it, /nacm included, is the same unless the commands changed it)."""
    root = nc_session.get_config(source="running").data_ele
    for element in root.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        element.tail = None
    return etree.tostring(root, method="c14n")


def test_current_configuration_replays_into_an_identical_running_configuration(make_daemon, creds, nc, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    first = make_daemon("--ntp-port", str(harness.free_port()))
    built = mcli.run(first, creds, known_hosts, script=EVERY_COMMAND)
    assert built.returncode == 0, built.stdout.decode() + built.stderr.decode()
    shown = mcli.run(first, creds, known_hosts, "-c", "display current-configuration")
    assert shown.returncode == 0, shown.stderr.decode()
    text = shown.stdout.decode()
    assert "ntp-service unicast-server 127.0.1.52 version 3 port 10999 authentication-keyid 10 preference " \
           "minpoll 4 maxpoll 8 burst iburst preempt" in text, text

    second = make_daemon("--ntp-port", str(harness.free_port()))
    # Pasted after system-view as shown; it ends with `return` (user view), so commit from
    # the system view again.
    replayed = mcli.run(second, creds, known_hosts, script="system-view\n" + text + "\nsystem-view\ncommit\n")
    assert replayed.returncode == 0, replayed.stdout.decode() + replayed.stderr.decode()
    again = mcli.run(second, creds, known_hosts, "-c", "display current-configuration").stdout.decode()
    assert again == text
    assert running_config(nc(first)) == running_config(nc(second))


def test_one_shot_and_script_exit_codes_and_errors(daemon, creds, nc, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    ok = mcli.run(daemon, creds, known_hosts, "-c", "display ntp-service status")
    assert ok.returncode == 0 and "clock status:" in ok.stdout.decode()
    bad = mcli.run(daemon, creds, known_hosts, "-c", "display ntp-service statu5")
    assert bad.returncode == 1
    assert bad.stdout.decode().splitlines() == ["display ntp-service statu5", " " * 20 + "^",
                                                "Error: Unrecognized command found at '^' position."]

    # A script stops at its first error, with exit 1, and leaves the candidate as it found it.
    script = "system-view\nntp-service unicast-server 192.0.2.77 authentication-keyid 999\ncommit\nsysname never\n"
    failed = mcli.run(daemon, creds, known_hosts, script=script)
    assert failed.returncode == 1
    out = failed.stdout.decode()
    assert out.startswith("Error: ") and "caused by: ntp-service unicast-server 192.0.2.77 authentication-keyid 999" in out, out
    candidate = mcli.run(daemon, creds, known_hosts, "-c", "display configuration candidate").stdout.decode()
    assert "192.0.2.77" not in candidate and "never" not in candidate


def test_script_from_file_and_unknown_host_key_refused(daemon, creds, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    script = tmp_path / "commands.txt"
    script.write_text("display ntp-service sessions\n")
    env = dict(os.environ, MERIDIAN_PASSWORD=creds.password)
    base = [mcli.cli_binary(), "--port", str(daemon.port), "--user", creds.password_user, "--known-hosts", str(known_hosts)]
    refused = mcli.subprocess.run(base + [str(script)], capture_output=True, env=env, stdin=mcli.subprocess.DEVNULL, timeout=60)
    assert refused.returncode == 1 and b"is not in" in refused.stderr, refused.stderr
    assert not known_hosts.exists()
    accepted = mcli.subprocess.run(base + ["--accept-new-host-key", str(script)], capture_output=True, env=env,
                                   stdin=mcli.subprocess.DEVNULL, timeout=60)
    assert accepted.returncode == 0 and b"Total associations" in accepted.stdout, accepted.stderr
    assert known_hosts.read_text().count("\n") >= 1
    # Recorded: now accepted without the option.
    again = mcli.subprocess.run(base + [str(script)], capture_output=True, env=env, stdin=mcli.subprocess.DEVNULL, timeout=60)
    assert again.returncode == 0, again.stderr


def test_key_login_refuses_a_key_file_others_can_read(daemon, creds, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    key = tmp_path / "bob_key"
    key.write_bytes(Path(creds.key_file).read_bytes())
    key.chmod(0o644)
    args = [mcli.cli_binary(), "--port", str(daemon.port), "--user", creds.key_user, "--known-hosts", str(known_hosts),
            "--accept-new-host-key", "-i", str(key), "-c", "display ntp-service status"]
    loose = mcli.subprocess.run(args, capture_output=True, timeout=60)
    assert loose.returncode == 1 and b"too open" in loose.stderr, loose.stderr
    key.chmod(0o600)
    tight = mcli.subprocess.run(args, capture_output=True, timeout=60)
    assert tight.returncode == 0 and b"clock status" in tight.stdout, tight.stderr


def test_interactive_prompts_help_completion_abbreviation_undo(make_daemon, creds, tmp_path):
    d = make_daemon("--ntp-port", str(harness.free_port()))
    known_hosts = tmp_path / "known_hosts"
    env = dict(os.environ, MERIDIAN_PASSWORD=creds.password, TERM="dumb", HOME=str(tmp_path))
    with mcli.Terminal(mcli.cli_args(d, creds.password_user, known_hosts), env) as term:
        term.expect(r"<meridian>")
        term.type("sys\t")                        # tab completes the only keyword
        term.expect(r"system-view")
        term.type("\n")
        term.expect(r"\[~meridian\]")
        term.type("ntp-service unicast-server 10.0.1.31 ?")   # ? lists the next words at once
        help_text = term.expect(r"<cr>")
        assert "iburst" in help_text and "Send a burst while unreachable" in help_text
        term.type("ib\n")                          # the line is still there; `ib` abbreviates iburst
        term.expect(r"\[\*meridian\]")             # uncommitted change: `*`
        term.type("sysn DeviceX\n")
        term.expect(r"\[\*meridian\]")
        term.type("commit\n")
        term.expect(r"\[~DeviceX\]")               # committed: `~` and the new name
        term.type("disp cur | incl unicast\n")
        term.expect(r"ntp-service unicast-server 10.0.1.31 iburst")
        term.type("undo ntp-service unicast-server 10.0.1.31\n")
        term.expect(r"\[\*DeviceX\]")
        term.type("commit\n")
        term.expect(r"\[~DeviceX\]")
        term.type("ntp-service unicast- 10.0.1.31\n")
        term.expect(r"Error: Ambiguous command found at '\^' position.")
        term.type("sysname DeviceY\n")
        term.expect(r"\[\*DeviceX\]")
        term.type("quit\n")                        # uncommitted: VRP asks first
        term.expect(r"\[Y\(yes\)/N\(no\)/C\(cancel\)\]:")
        term.type("c\n")
        term.expect(r"\[\*DeviceX\]")
        term.type("return\n")
        term.expect(r"\[Y\(yes\)/N\(no\)/C\(cancel\)\]:")
        term.type("n\n")                            # discarded
        term.expect(r"<DeviceX>")
        term.type("display current-configuration | include sysname\n")
        term.expect(r"sysname DeviceX")
        term.type("\x10\n")                         # Ctrl-P: the previous line from the history, again
        term.expect(r"sysname DeviceX")
        term.type("quit\n")
        assert term.close() == 0


def test_first_use_of_a_host_key_asks_on_the_terminal(daemon, creds, tmp_path):
    known_hosts = tmp_path / "known_hosts"
    env = dict(os.environ, MERIDIAN_PASSWORD=creds.password, TERM="dumb", HOME=str(tmp_path))
    args = [mcli.cli_binary(), "--port", str(daemon.port), "--user", creds.password_user, "--known-hosts", str(known_hosts)]
    with mcli.Terminal(args, env) as term:
        term.expect(r"Key fingerprint is SHA256:")
        term.expect(r"\(yes/no\)\? ")
        term.type("yes\n")
        term.expect(r"<[^>\s]+>")
        term.type("quit\n")
        assert term.close() == 0
    assert known_hosts.read_text().startswith(f"[127.0.0.1]:{daemon.port} ")


def test_nacm_applies_to_the_cli(tmp_path, state_template, creds):
    """Without a NACM rule granting writes (and not a recovery user), alice may read but not
    edit: the CLI is refused as any NETCONF client is."""
    d = harness.Daemon(harness.copy_state(state_template, tmp_path / "state"), ["--ntp-port", str(harness.free_port())],
                       name="nacm", recovery_users=[])
    try:
        d.start()
        known_hosts = tmp_path / "known_hosts"
        read = mcli.run(d, creds, known_hosts, "-c", "display ntp-service status")
        assert read.returncode == 0, read.stdout.decode() + read.stderr.decode()
        write = mcli.run(d, creds, known_hosts, script="system-view\nsysname denied\ncommit\n")
        assert write.returncode == 1
        assert write.stdout.decode().startswith("Error: ") and "access" in write.stdout.decode().lower(), write.stdout.decode()
    finally:
        harness.stop_all([d])


def test_commit_history_label_list_changes_and_rollback(make_daemon, creds, tmp_path):
    d = make_daemon("--ntp-port", str(harness.free_port()))
    known_hosts = tmp_path / "known_hosts"
    built = mcli.run(d, creds, known_hosts, script="system-view\nsysname First\ncommit label base\n"
                     "ntp-service unicast-server 192.0.2.5 iburst\ncommit\nsysname Third\ncommit\n")
    assert built.returncode == 0, built.stdout.decode() + built.stderr.decode()
    listed = mcli.run(d, creds, known_hosts, "-c", "display configuration commit list").stdout.decode().splitlines()
    rows = [line.split() for line in listed if line[:2].strip().isdigit()]
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [("1", "3", "-", creds.password_user), ("2", "2", "-", creds.password_user),
                                                        ("3", "1", "base", creds.password_user)], listed
    changes = mcli.run(d, creds, known_hosts, "-c", "display configuration commit changes at commit-id 3").stdout.decode()
    assert changes.strip() == "~ /ietf-system:system/hostname: First -> Third", changes
    missing = mcli.run(d, creds, known_hosts, "-c", "display configuration commit changes at commit-id 99")
    assert missing.returncode == 1 and "commit 99 is not in the history" in missing.stdout.decode()

    back = mcli.run(d, creds, known_hosts, "-c", "rollback configuration to commit-id 1")
    assert back.returncode == 0, back.stdout.decode()
    config = mcli.run(d, creds, known_hosts, "-c", "display current-configuration").stdout.decode()
    assert "sysname First" in config and "192.0.2.5" not in config, config
    last = mcli.run(d, creds, known_hosts, "-c", "rollback configuration last 1")
    assert last.returncode == 0, last.stdout.decode()
    config = mcli.run(d, creds, known_hosts, "-c", "display current-configuration").stdout.decode()
    assert "sysname Third" in config and "ntp-service unicast-server 192.0.2.5 iburst" in config, config
    verbose = mcli.run(d, creds, known_hosts, "-c", "display configuration commit list verbose").stdout.decode()
    assert " Kind              : rollback" in verbose and " Rolled back to    : 1" in verbose, verbose
