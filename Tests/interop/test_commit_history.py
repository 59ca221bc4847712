"""Commit history and rollback (issue #22): meridian-commits /commits/commit,
label-commit, compare and rollback against the real daemon, with two users
(alice by password, bob by key), the engine's associations, restarts, SIGKILL
between commits and NACM.

Every server address is on loopback (127.100.0.0/16) at a port nobody listens
on, so the engine's polls never leave the machine; the engine's own port is a
free one (`--ntp-port`).
"""

from __future__ import annotations

import signal

import pytest
from ncclient import manager

import harness
from datastore_util import (
    NC,
    SYS,
    assert_ok,
    canonical,
    dispatch,
    edit,
    get_config,
    rpc_errors,
    session,
    wait_until,
    xml_of,
)
from ntp_lab import free_udp_port

MCMT = "urn:meridian:params:xml:ns:yang:meridian-commits"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"
NACM = "urn:ietf:params:xml:ns:yang:ietf-netconf-acm"
NS = {"c": MCMT, "sys": SYS, "mntp": MNTP, "nc": NC}
# The engine's associations follow a commit within this many seconds.
ASSOCIATIONS_WITHIN_S = 10


def server(name: str, address: str, extra: str = "") -> str:
    return (f'<system xmlns="{SYS}">{extra}<ntp><server><name>{name}</name>'
            f"<udp><address>{address}</address><port>10999</port></udp></server></ntp></system>")


def hostname(name: str) -> str:
    return f'<system xmlns="{SYS}"><hostname>{name}</hostname></system>'


def commit(m, *fragments: str) -> None:
    assert_ok(edit(m, *fragments))
    assert_ok(m.commit())


def history(m) -> list:
    reply = m.get(filter=("subtree", f'<commits xmlns="{MCMT}"><commit/></commits>'))
    return xml_of(reply).findall(".//c:commits/c:commit", NS)


def field(entry, name: str) -> str | None:
    found = entry.find(f"c:{name}", NS)
    return None if found is None else found.text


def edits(element) -> set[tuple[str, str, str | None]]:
    return {(field(e, "operation"), field(e, "target"), field(e, "value")) for e in element.findall("c:edit", NS)}


def history_rpc(m, name: str, body: str):
    return dispatch(m, f'<{name} xmlns="{MCMT}">{body}</{name}>')


def associations(m) -> set[str]:
    f = f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><association/></ntp></system-state>'
    root = xml_of(m.get(filter=("subtree", f)))
    return {a.text for a in root.findall(".//mntp:association/mntp:address", NS)}


def one_invalid_value(reply, naming: str) -> None:
    errors = rpc_errors(reply)
    assert len(errors) == 1, reply.xml
    assert errors[0].findtext(f"{{{NC}}}error-tag") == "invalid-value", reply.xml
    assert naming in errors[0].findtext(f"{{{NC}}}error-message"), reply.xml


@pytest.fixture
def history_daemon(make_daemon):
    return make_daemon("--ntp-port", str(free_udp_port()), name="history")


def test_three_commits_by_two_users_then_compare_and_rollback(history_daemon, nc):
    alice = session(nc, history_daemon)
    bob = session(nc, history_daemon, key=True)

    commit(alice, server("s1", "127.100.0.1"))
    config1 = canonical(get_config(alice, "running"))
    assert_ok(history_rpc(alice, "label-commit", "<commit-id>1</commit-id><label>base</label><comment>first server</comment>"))
    commit(bob, server("s2", "127.100.0.2"))
    commit(alice, server("s3", "127.100.0.3", extra="<hostname>r1</hostname>"))

    entries = history(bob)
    assert [field(e, "id") for e in entries] == ["1", "2", "3"]
    assert [field(e, "user") for e in entries] == ["alice", "bob", "alice"]
    assert [field(e, "kind") for e in entries] == ["commit"] * 3
    assert field(entries[0], "label") == "base" and field(entries[0], "comment") == "first server"
    assert all(field(e, "session-id") and field(e, "source-host") == "127.0.0.1" for e in entries)
    s2_path = "/ietf-system:system/ntp/server[name='s2']/udp/address"
    assert ("create", s2_path, "127.100.0.2") in edits(entries[1])
    assert ("create", "/ietf-system:system/hostname", "r1") in edits(entries[2])
    # What the engine did for each commit: the planner's steps.
    assert "add-association" in [field(s, "action") for s in entries[1].findall("c:step", NS)]

    # compare 1 -> 3 is the union of commits 2 and 3.
    reply = history_rpc(alice, "compare", "<from>1</from><to>3</to>")
    assert edits(xml_of(reply)) == edits(entries[1]) | edits(entries[2]), reply.xml
    # compare 3 -> running is empty.
    assert_ok(history_rpc(alice, "compare", "<from>3</from>"))

    wait_until(lambda: associations(alice) == {"127.100.0.1", "127.100.0.2", "127.100.0.3"},
               ASSOCIATIONS_WITHIN_S, what="three associations")
    assert_ok(history_rpc(alice, "rollback", "<commit-id>1</commit-id>"))
    # The rollback is in the candidate only, until a commit.
    assert canonical(get_config(alice, "candidate")) == config1
    assert canonical(get_config(alice, "running")) != config1
    assert_ok(alice.commit())
    assert canonical(get_config(bob, "running")) == config1
    wait_until(lambda: associations(bob) == {"127.100.0.1"}, ASSOCIATIONS_WITHIN_S, what="the association of commit 1")

    entries = history(bob)
    assert [field(e, "id") for e in entries] == ["1", "2", "3", "4"]
    assert field(entries[3], "rolled-back-to") == "1" and field(entries[3], "user") == "alice"
    assert "remove-association" in [field(s, "action") for s in entries[3].findall("c:step", NS)]

    # Rollback with commit: at once, recorded as kind rollback.
    assert_ok(history_rpc(bob, "rollback", "<commit-id>2</commit-id><commit/>"))
    entries = history(alice)
    assert field(entries[-1], "kind") == "rollback" and field(entries[-1], "user") == "bob"
    wait_until(lambda: associations(bob) == {"127.100.0.1", "127.100.0.2"}, ASSOCIATIONS_WITHIN_S, what="commit 2's")

    one_invalid_value(history_rpc(alice, "rollback", "<commit-id>99</commit-id>"), "99")
    one_invalid_value(history_rpc(alice, "compare", "<from>1</from><to>42</to>"), "42")
    one_invalid_value(history_rpc(alice, "label-commit", "<commit-id>77</commit-id><label>x</label>"), "77")
    one_invalid_value(history_rpc(alice, "rollback", "<commit-id>abc</commit-id>"), "abc")
    one_invalid_value(history_rpc(alice, "label-commit", f"<commit-id>1</commit-id><label>{'x' * 65}</label>"), "64")


def test_ids_dropped_from_the_bounded_history_are_named(make_daemon, nc):
    d = make_daemon("--commit-history", "2", "--ntp-port", str(free_udp_port()), name="history-2")
    m = session(nc, d)
    for n in range(1, 4):
        commit(m, hostname(f"h{n}"))
    assert [field(e, "id") for e in history(m)] == ["2", "3"]
    one_invalid_value(history_rpc(m, "rollback", "<commit-id>1</commit-id>"), "commit 1 is no longer")
    assert_ok(history_rpc(m, "rollback", "<commit-id>2</commit-id><commit/>"))
    assert [field(e, "id") for e in history(m)] == ["3", "4"]


def test_history_survives_a_restart_and_a_sigkill_between_commits(make_daemon, nc):
    port = str(free_udp_port())
    d = make_daemon("--ntp-port", port, name="history-restart")
    m = session(nc, d)
    commit(m, hostname("h1"))
    commit(m, server("s1", "127.100.0.1"))
    assert_ok(history_rpc(m, "label-commit", "<commit-id>2</commit-id><label>with-s1</label>"))
    before = [(field(e, "id"), field(e, "label")) for e in history(m)]
    m.close_session()
    assert d.stop() == 0

    d2 = make_daemon("--ntp-port", port, state_dir=d.state_dir, name="history-restarted")
    m2 = session(nc, d2)
    assert [(field(e, "id"), field(e, "label")) for e in history(m2)] == before
    commit(m2, hostname("h3"))
    running3 = canonical(get_config(m2, "running"))
    # SIGKILL right after the commit's reply: it is on disk, with its record.
    code = d2.stop(signal.SIGKILL)
    assert code == -signal.SIGKILL

    d3 = make_daemon("--ntp-port", port, state_dir=d.state_dir, name="history-after-kill")
    m3 = session(nc, d3)
    assert canonical(get_config(m3, "running")) == running3
    entries = history(m3)
    assert [field(e, "id") for e in entries] == ["1", "2", "3"]
    # Commit 1's configuration is rebuilt from the saved diffs after the restart.
    assert_ok(history_rpc(m3, "rollback", "<commit-id>1</commit-id><commit/>"))
    assert [field(e, "id") for e in history(m3)][-1] == "4"
    data = get_config(m3, "running")
    assert data.findtext(".//sys:hostname", namespaces=NS) == "h1"
    assert data.find(".//sys:server", NS) is None


def test_a_read_only_user_may_not_roll_back(tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    passwords = {"admin": "admin-secret-1", "guest": "guest-secret-1"}
    for user, password in passwords.items():
        harness.add_password_user(state, user, password)
    config = tmp_path / "config.xml"
    config.write_text(
        f'<config xmlns="{NC}"><system xmlns="{SYS}"><hostname>r0</hostname></system>'
        f'<nacm xmlns="{NACM}"><groups><group><name>admin</name><user-name>admin</user-name></group>'
        f'<group><name>guest</name><user-name>guest</user-name></group></groups>'
        f"<rule-list><name>admin-acl</name><group>admin</group><rule><name>all</name><module-name>*</module-name>"
        f"<access-operations>*</access-operations><action>permit</action></rule></rule-list>"
        # guest may not read the hostname: the history must not show it either.
        f"<rule-list><name>guest-acl</name><group>guest</group><rule><name>no-hostname</name>"
        f"<module-name>ietf-system</module-name><path xmlns:sys=\"{SYS}\">/sys:system/sys:hostname</path>"
        f"<access-operations>read</access-operations><action>deny</action></rule></rule-list>"
        f"</nacm></config>")
    d = harness.Daemon(state, ["--initial-config", str(config), "--ntp-port", str(free_udp_port())],
                       name="history-nacm", recovery_users=[])
    d.start()
    sessions = []
    try:
        def login(user):
            m = manager.connect(host="127.0.0.1", port=d.port, username=user, password=passwords[user],
                                hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)
            m.raise_mode = 0
            sessions.append(m)
            return m

        admin, guest = login("admin"), login("guest")
        commit(admin, hostname("r1"))
        entries = history(guest)  # reading the history is allowed (read-default permit)
        ids = [field(e, "id") for e in entries]
        assert ids[-1] is not None and entries[0].find("c:kind", NS).text == "load"
        for body in (f"<commit-id>{ids[0]}</commit-id>", f"<commit-id>{ids[0]}</commit-id><commit/>"):
            reply = history_rpc(guest, "rollback", body)
            errors = rpc_errors(reply)
            assert [e.findtext(f"{{{NC}}}error-tag") for e in errors] == ["access-denied"], reply.xml
        assert get_config(admin, "running").findtext(".//sys:hostname", namespaces=NS) == "r1"
        # The initial configuration's secrets-free NACM edits show; nothing else changed.
        assert [field(e, "id") for e in history(admin)] == ids
        # The hostname commit: admin sees its edit, guest sees the commit without it.
        assert any("hostname" in (t or "") for _, t, _ in edits(history(admin)[-1])), edits(history(admin)[-1])
        assert not any("hostname" in (t or "") or v == "r1" for _, t, v in edits(entries[-1])), edits(entries[-1])
    finally:
        for m in sessions:
            try:
                m.close_session()
            except Exception:
                pass
        harness.stop_all([d])


SECRET = "00112233445566778899aabbccddeeff"


def test_key_secrets_are_neither_shown_nor_saved_in_clear(history_daemon, nc):
    m = session(nc, history_daemon)
    key = (f'<system xmlns="{SYS}"><ntp><authentication xmlns="{MNTP}"><key><key-id>7</key-id>'
           f"<algorithm>aes-cmac</algorithm><hex-key>{SECRET}</hex-key></key></authentication></ntp></system>")
    commit(m, key)
    commit(m, key.replace(SECRET, SECRET[::-1]))
    reply = m.get(filter=("subtree", f'<commits xmlns="{MCMT}"/>'))
    assert SECRET not in reply.xml and SECRET[::-1] not in reply.xml
    secret_edits = [e for e in history(m)[-1].findall("c:edit", NS) if field(e, "target").endswith("hex-key")]
    assert secret_edits and all(field(e, "value") is None for e in secret_edits)
    for slot in history_daemon.state_dir.glob("running-*.xml"):
        assert SECRET.encode() not in slot.read_bytes() and SECRET[::-1].encode() not in slot.read_bytes()
    # Rolling back across the change of secret restores the first one (kept sealed).
    assert_ok(history_rpc(m, "rollback", "<commit-id>1</commit-id><commit/>"))
    assert_ok(history_rpc(m, "compare", "<from>1</from>"))


def test_the_history_example_lists_compares_labels_and_rolls_back(history_daemon, nc, creds):
    import os
    import subprocess
    import sys
    from pathlib import Path

    m = session(nc, history_daemon)
    commit(m, server("s1", "127.100.0.1"))
    commit(m, server("s2", "127.100.0.2"))
    script = Path(__file__).resolve().parents[2] / "examples/ncclient/history.py"
    env = dict(os.environ, MERIDIAN_PORT=str(history_daemon.port), MERIDIAN_PASSWORD=creds.password)

    def run(*args: str) -> str:
        r = subprocess.run([sys.executable, str(script), "--user", creds.password_user, *args], env=env,
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout

    assert "commit 2" in run("list") and "s2" in run("list")
    assert "delete" in run("compare", "2", "1")
    assert "labelled 'base'" in run("label", "1", "base", "--comment", "first server")
    assert "127.100.0.2" in run("rollback", "--last", "1", "--confirm-timeout", "60", "--yes")  # back to commit 1
    assert field(history(m)[-2], "rolled-back-to") == "1"
    out = run("rollback", "2", "--confirm-timeout", "60", "--yes")
    assert "confirmed" in out and "127.100.0.2" in out
    kinds = [field(e, "kind") for e in history(m)]
    assert kinds[-2:] == ["confirmed-commit", "confirming-commit"]
    assert field(history(m)[-2], "rolled-back-to") == "2"
    wait_until(lambda: associations(m) == {"127.100.0.1", "127.100.0.2"}, ASSOCIATIONS_WITHIN_S, what="commit 2's")


def test_a_confirmed_commit_that_times_out_is_recorded_with_its_rollback(history_daemon, nc):
    m = session(nc, history_daemon)
    commit(m, hostname("before"))
    assert_ok(edit(m, hostname("trial")))
    assert_ok(m.commit(confirmed=True, timeout="1"))
    wait_until(lambda: field(history(m)[-1], "kind") == "confirmed-commit-rollback", 15, what="the timeout's rollback")
    entries = history(m)
    assert [field(e, "kind") for e in entries] == ["commit", "confirmed-commit", "confirmed-commit-rollback"]
    last = entries[-1]
    assert field(last, "user") == "meridiand" and field(last, "session-id") is None
    assert "confirm-timeout" in field(last, "comment")
    assert ("replace", "/ietf-system:system/hostname", "before") in edits(last)
