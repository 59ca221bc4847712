"""Notifications (RFC 5277 subscriptions, RFC 6470 events) against a real meridiand.

Subscribers are ncclient sessions (create_subscription / take_notification) or,
for a subscriber that stops reading, an `ssh -s netconf` child whose stdout is
no longer read. Every wait has a deadline; waits are for a notification or a
condition, never a fixed sleep.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from lxml import etree
from ncclient.operations import RaiseMode

from datastore_util import NC, SYS, config, ntp, ntp_server, system
from netconf_wire import SSHNetconf
from ntp_lab import free_udp_port

NOTIF = "urn:ietf:params:xml:ns:netconf:notification:1.0"
NCN = "urn:ietf:params:xml:ns:yang:ietf-netconf-notifications"
NMN = "urn:ietf:params:xml:ns:netmod:notification"
NS = {"n": NOTIF, "ncn": NCN, "nmn": NMN, "sys": SYS}

# A notification arrives within this long on a loaded 2-core machine.
TAKE_TIMEOUT_S = 20
CONFIRM_TIMEOUT_S = 1


def subscriber(nc, daemon, **kw):
    m = nc(daemon, timeout=30)
    m.raise_mode = RaiseMode.NONE
    reply = m.create_subscription(**kw)
    assert reply.ok, reply.xml
    return m


def take(m, name: str, timeout: float = TAKE_TIMEOUT_S, skip: tuple[str, ...] | None = None):
    """The next notification whose content element is `name`; others are skipped
    (only those named in `skip`, when given)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"no {name} notification within {timeout}s"
        n = m.take_notification(block=True, timeout=left)
        assert n is not None, f"no {name} notification within {timeout}s"
        content = content_of(n.notification_ele)
        if etree.QName(content).localname == name:
            return n.notification_ele
        assert skip is None or etree.QName(content).localname in skip, f"unexpected {n.notification_xml}"


def content_of(notification):
    children = [c for c in notification if etree.QName(c).localname != "eventTime"]
    assert len(children) == 1, etree.tostring(notification)
    return children[0]


def commit_contact(m, value: str) -> None:
    r = m.edit_config(target="candidate", config=config(system(f"<contact>{value}</contact>")))
    assert r.ok, r.xml
    r = m.commit()
    assert r.ok, r.xml


def rfc3339(ts: float) -> str:
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).isoformat().replace("+00:00", "Z")


# -- RFC 6470 events ------------------------------------------------------------


def test_commit_from_another_session_yields_config_change(daemon, nc, creds):
    sub = subscriber(nc, daemon)
    editor = nc(daemon, timeout=30)
    commit_contact(editor, "notif-change")
    change = take(sub, "netconf-config-change")
    content = content_of(change)
    assert change.find("n:eventTime", NS) is not None
    assert content.findtext("ncn:changed-by/ncn:username", namespaces=NS) == creds.password_user
    assert content.findtext("ncn:changed-by/ncn:session-id", namespaces=NS) == str(editor.session_id)
    assert content.findtext("ncn:changed-by/ncn:source-host", namespaces=NS) == "127.0.0.1"
    assert content.findtext("ncn:datastore", namespaces=NS) == "running"
    edits = content.findall("ncn:edit", NS)
    assert edits, etree.tostring(change)
    target = edits[0].find("ncn:target", NS)
    prefix = next(p for p, uri in target.nsmap.items() if uri == SYS)
    # Into an empty running the whole /system is created; else the contact leaf changes.
    assert target.text.strip() in (f"/{prefix}:system", f"/{prefix}:system/{prefix}:contact")
    assert edits[0].findtext("ncn:operation", namespaces=NS) in ("create", "replace")


def test_session_start_and_end_with_killed_by(daemon, nc):
    sub = subscriber(nc, daemon)
    victim = nc(daemon, timeout=30)
    start = content_of(take(sub, "netconf-session-start"))
    assert start.findtext("ncn:session-id", namespaces=NS) == str(victim.session_id)
    killer = nc(daemon, timeout=30)
    killer.raise_mode = RaiseMode.NONE
    assert killer.kill_session(victim.session_id).ok
    while True:
        end = content_of(take(sub, "netconf-session-end"))
        if end.findtext("ncn:session-id", namespaces=NS) == str(victim.session_id):
            break
    assert end.findtext("ncn:termination-reason", namespaces=NS) == "killed"
    assert end.findtext("ncn:killed-by", namespaces=NS) == str(killer.session_id)


def test_confirmed_commit_timeout_yields_timeout_event(daemon, nc):
    sub = subscriber(nc, daemon)
    m = nc(daemon, timeout=30)
    m.raise_mode = RaiseMode.NONE
    assert m.edit_config(target="candidate", config=config(system("<location>confirm-me</location>"))).ok
    assert m.commit(confirmed=True, timeout=str(CONFIRM_TIMEOUT_S)).ok
    started = content_of(take(sub, "netconf-confirmed-commit"))
    assert started.findtext("ncn:confirm-event", namespaces=NS) == "start"
    assert started.findtext("ncn:timeout", namespaces=NS) == str(CONFIRM_TIMEOUT_S)
    timed_out = content_of(take(sub, "netconf-confirmed-commit", skip=("netconf-config-change",)))
    assert timed_out.findtext("ncn:confirm-event", namespaces=NS) == "timeout"
    # The rollback is a change of running by the server.
    rollback = content_of(take(sub, "netconf-config-change"))
    assert rollback.find("ncn:changed-by/ncn:server", NS) is not None


# -- RFC 5277 subscriptions -------------------------------------------------------


def test_replay_after_restart_returns_earlier_events_then_replay_complete(make_daemon, nc, tmp_path, state_template):
    import harness

    state = harness.copy_state(state_template, tmp_path / "replay-state")
    d = make_daemon(state_dir=state)
    before = time.time() - 1
    m = nc(d, timeout=30)
    commit_contact(m, "before-restart")
    m.close_session()
    # SIGTERM: what the log's writer still holds is flushed before the exit.
    assert d.stop() == 0
    assert b"netconf-config-change" in (state / "notification-log").read_bytes()
    d.start()
    sub = subscriber(nc, d, start_time=rfc3339(before))
    seen = []
    while True:
        n = sub.take_notification(block=True, timeout=TAKE_TIMEOUT_S)
        assert n is not None, f"replay incomplete; got {seen}"
        name = etree.QName(content_of(n.notification_ele)).localname
        seen.append(name)
        if name == "replayComplete":
            break
    assert "netconf-config-change" in seen and "netconf-session-start" in seen, seen
    # Live events follow the replay.
    commit_contact(nc(d, timeout=30), "after-restart")
    take(sub, "netconf-config-change")


def test_replay_with_stop_time_ends_with_notification_complete(daemon, nc):
    start = rfc3339(time.time() - 3600)
    stop = rfc3339(time.time() - 0.5)
    sub = subscriber(nc, daemon, start_time=start, stop_time=stop)
    take(sub, "replayComplete")
    take(sub, "notificationComplete", skip=())
    # The session goes on, and may subscribe again.
    assert sub.get_config(source="running").ok
    assert sub.create_subscription().ok


def test_subtree_filter_receives_only_matching_events(daemon, nc):
    flt = ("subtree", f'<netconf-config-change xmlns="{NCN}"/>')
    sub = subscriber(nc, daemon, filter=flt)
    other = nc(daemon, timeout=30)  # a session-start the filter leaves out
    commit_contact(other, "filtered")
    n = sub.take_notification(block=True, timeout=TAKE_TIMEOUT_S)
    assert n is not None
    assert etree.QName(content_of(n.notification_ele)).localname == "netconf-config-change"


def test_xpath_filter_receives_only_matching_events(daemon, nc):
    flt = ("xpath", ({"ncn": NCN}, "/ncn:netconf-session-end"))
    sub = subscriber(nc, daemon, filter=flt)
    other = nc(daemon, timeout=30)
    commit_contact(other, "xpath")
    other.close_session()
    n = sub.take_notification(block=True, timeout=TAKE_TIMEOUT_S)
    assert n is not None
    assert etree.QName(content_of(n.notification_ele)).localname == "netconf-session-end"


def test_subscribed_session_keeps_serving_rpcs(daemon, nc):
    sub = subscriber(nc, daemon)
    assert sub.get_config(source="running").ok
    commit_contact(sub, "interleave")
    take(sub, "netconf-config-change")
    assert sub.get(filter=("subtree", f'<netconf xmlns="{NMN}"/>')).ok


def test_streams_list_shows_replay_support(daemon, nc):
    m = nc(daemon, timeout=30)
    reply = m.get(filter=("subtree", f'<netconf xmlns="{NMN}"/>'))
    stream = reply.data_ele.find("nmn:netconf/nmn:streams/nmn:stream", NS)
    assert stream.findtext("nmn:name", namespaces=NS) == "NETCONF"
    assert stream.findtext("nmn:replaySupport", namespaces=NS) == "true"
    assert stream.findtext("nmn:replayLogCreationTime", namespaces=NS)


def test_capabilities_advertised(daemon, nc):
    m = nc(daemon, timeout=30)
    caps = set(m.server_capabilities)
    assert "urn:ietf:params:netconf:capability:notification:1.0" in caps
    assert "urn:ietf:params:netconf:capability:interleave:1.0" in caps


# -- misuse ---------------------------------------------------------------------


def test_second_subscription_on_a_session_is_refused(daemon, nc):
    sub = subscriber(nc, daemon)
    reply = sub.create_subscription()
    assert not reply.ok
    assert reply.error.tag == "in-use"
    assert sub.get_config(source="running").ok


@pytest.mark.parametrize("kw, tag", [
    (dict(stream_name="NOPE"), "invalid-value"),
    (dict(start_time="2099-01-01T00:00:00Z"), "bad-element"),
    (dict(start_time="2020-01-02T00:00:00Z", stop_time="2020-01-01T00:00:00Z"), "bad-element"),
    (dict(filter=("xpath", "/no-such-prefix:x")), "invalid-value"),
])
def test_bad_subscription_parameters_are_refused(daemon, nc, kw, tag):
    m = nc(daemon, timeout=30)
    m.raise_mode = RaiseMode.NONE
    reply = m.create_subscription(**kw)
    assert not reply.ok and reply.error.tag == tag, reply.xml
    assert m.create_subscription().ok


def documentation_address(n: int) -> str:
    """Distinct addresses of the documentation networks (RFC 5737), which never answer."""
    network, host = divmod(n, 250)
    return ("192.0.2", "198.51.100", "203.0.113")[network] + f".{host + 1}"


def test_non_reading_subscriber_is_cut_off_while_another_keeps_receiving(make_daemon, nc, creds):
    # The servers make the engine bind its NTP port: a free one, not 123.
    d = make_daemon("--notification-queue", "4", "--ntp-port", str(free_udp_port()))
    slow = SSHNetconf(d.port, creds.key_user, creds.key_file)
    try:
        slow.exchange_hellos()
        create = f'<rpc message-id="1" xmlns="{NC}"><create-subscription xmlns="{NOTIF}"/></rpc>'.encode()
        reply = slow.request(create, timeout=30)
        assert any(child.tag == f"{{{NC}}}ok" for child in reply), reply
        slow.reading.clear()
        fast = subscriber(nc, d)
        editor = nc(d, timeout=60)
        editor.raise_mode = RaiseMode.NONE
        # Config changes replacing 600 servers each (~245 KB of edits, 10 MB in all): far more than the
        # SSH window and the pipe the slow reader leaves unread.
        commits = 40
        for i in range(commits):
            servers_xml = "".join(ntp_server(f"bulk-{i}-{n}", documentation_address(n)) for n in range(600))
            edit = config(system(f'<ntp xmlns:nc="{NC}" nc:operation="replace">{servers_xml}</ntp>'))
            assert editor.edit_config(target="candidate", config=edit).ok
            r = editor.commit()
            assert r.ok, r.xml
        for _ in range(commits):
            take(fast, "netconf-config-change")
        # The slow one reads again: it gets what was sent before it fell behind, then
        # notificationComplete, and its session still answers.
        slow.reading.set()
        received = 0
        while True:
            msg = slow.read_message(timeout=60)
            if b"notificationComplete" in msg:
                break
            received += 1
        assert received < commits + 2, "the slow subscriber was never cut off"
        reply = slow.request(f'<rpc message-id="2" xmlns="{NC}"><get-config><source><running/></source></get-config></rpc>'.encode(), timeout=30)
        assert reply is not None
    finally:
        slow.close()
    assert d.alive()


def test_disconnect_mid_replay_leaves_nothing_behind(daemon, nc, creds):
    # Enough logged events to make the replay take a while.
    m = nc(daemon, timeout=30)
    for i in range(20):
        commit_contact(m, f"replay-{i}")
    for _ in range(20):
        s = SSHNetconf(daemon.port, creds.key_user, creds.key_file)
        try:
            s.exchange_hellos()
            s.send(f'<rpc message-id="1" xmlns="{NC}"><create-subscription xmlns="{NOTIF}">'
                   f'<startTime>2000-01-01T00:00:00Z</startTime></create-subscription></rpc>'.encode())
        finally:
            s.close()
    # Other sessions are served, and the subscriptions are gone with their sessions.
    other = nc(daemon, timeout=30)
    assert other.get_config(source="running").ok
    rss = daemon.rss_kib()
    assert rss is None or rss < 200 * 1024


def test_costly_xpath_filter_does_not_slow_commits(daemon, nc):
    heavy = "/*[count(//*[count(//*) > 0]) > 0]"
    sub = subscriber(nc, daemon, filter=("xpath", heavy))
    m = nc(daemon, timeout=30)
    started = time.monotonic()
    for i in range(20):
        commit_contact(m, f"heavy-{i}")
    assert time.monotonic() - started < 20
    assert sub.get_config(source="running").ok


# -- the XML validates against the modules ----------------------------------------


YUMA = ["/usr/share/yuma/modules/ietf-derived", "/usr/share/yuma/modules/ietf", "/usr/share/yuma/modules/netconfcentral"]


@pytest.mark.skipif(shutil.which("yanglint") is None, reason="yanglint not installed")
def test_notifications_validate_with_yanglint(daemon, nc, tmp_path):
    sub = subscriber(nc, daemon)
    other = nc(daemon, timeout=30)
    other.raise_mode = RaiseMode.NONE
    assert other.edit_config(target="candidate", config=config(system("<location>lint</location>"))).ok
    assert other.commit(confirmed=True, timeout="60").ok
    assert other.commit().ok
    other.close_session()
    running = nc(daemon, timeout=30).get_config(source="running").data_ele
    operational = tmp_path / "running.xml"
    operational.write_bytes(b"".join(etree.tostring(c) for c in running))
    names = ["netconf-session-start", "netconf-config-change", "netconf-confirmed-commit", "netconf-session-end"]
    modules = ["/usr/share/yuma/modules/ietf-derived/nc-notifications.yang",
               "/usr/share/yuma/modules/ietf/ietf-netconf-notifications@2012-02-06.yang",
               "/usr/share/yuma/modules/ietf/ietf-system@2014-08-06.yang"]
    for name in names:
        content = content_of(take(sub, name))
        path = tmp_path / f"{name}.xml"
        path.write_bytes(etree.tostring(content))
        args = ["yanglint"] + sum((["-p", p] for p in YUMA), []) + ["-t", "notif", "-O", str(operational)] + modules + [str(path)]
        r = subprocess.run(args, capture_output=True, text=True, timeout=60)
        errors = [line for line in r.stderr.splitlines() if "err" in line.lower()]
        assert r.returncode == 0 and not errors, f"{name}: {r.stderr}\n{path.read_text()}"


# -- NACM (RFC 8341 §3.4.6) -----------------------------------------------------------

from test_nacm import PASSWORDS, counters, edit, hostname, login, nacm_daemon  # noqa: E402,F401  (fixtures)


def test_nacm_notification_rule_leaves_events_out_and_counts_them(login):
    admin = login("admin")
    deny_session_start = (
        '<nacm xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm"><rule-list><name>guest-acl</name>'
        "<rule><name>no-session-start</name><module-name>ietf-netconf-notifications</module-name>"
        "<notification-name>netconf-session-start</notification-name>"
        "<access-operations>read</access-operations><action>deny</action></rule></rule-list></nacm>")
    edit(admin, deny_session_start)
    admin.commit()
    before = counters(admin)["denied-notifications"]
    guest = login("guest")
    guest.create_subscription()
    login("wilma")  # its netconf-session-start is not the guest's to read
    edit(admin, hostname("r2"))
    admin.commit()
    n = guest.take_notification(block=True, timeout=TAKE_TIMEOUT_S)
    assert n is not None
    assert etree.QName(content_of(n.notification_ele)).localname == "netconf-config-change", n.notification_xml
    assert counters(admin)["denied-notifications"] > before
