"""Issue #21 acceptance for the NTP events: a subscriber (ncclient `create_subscription` /
`take_notification`) hears, in order, that a lab server became reachable, that it became
the system peer and that the clock is synchronized; and, when the server is removed, that
the clock is unsynchronized. The lab server is chronyd (`local stratum 2`, `-x`: it never
touches the clock) on its own loopback address; the agent keeps its virtual clock.

Every wait is bounded: chronyd answers at once and the agent selects it after its iburst
samples (2-3 s measured on 2 shared cores, debug build); SYNC_TIMEOUT_S allows ~10x that.
"""

from __future__ import annotations

import datetime as dt
import time

from lxml import etree

from datastore_util import assert_ok, wait_until
from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, free_udp_port
from ntp_netconf_util import MNTP, ntp, replace_and_commit, server, system

CHRONY = "127.0.7.20"
SYNC_TIMEOUT_S = 30.0
REMOVE_TIMEOUT_S = 15.0
NOTIF_NS = "urn:ietf:params:xml:ns:netconf:notification:1.0"


def ntp_events(mgr, until, timeout: float) -> list[tuple[dt.datetime, str, etree._Element]]:
    """meridian-ntp notifications received (eventTime, name, content) until `until(events)`
    holds or `timeout` passes."""
    events: list[tuple[dt.datetime, str, etree._Element]] = []
    deadline = time.monotonic() + timeout
    while not until(events):
        left = deadline - time.monotonic()
        assert left > 0, f"timed out; NTP events so far: {[name for _, name, _ in events]}"
        notification = mgr.take_notification(block=True, timeout=left)
        if notification is None:
            continue
        root = etree.fromstring(notification.notification_xml.encode())
        when = dt.datetime.fromisoformat(root.findtext(f"{{{NOTIF_NS}}}eventTime").replace("Z", "+00:00"))
        for content in root:
            if etree.QName(content).namespace == MNTP:
                events.append((when, etree.QName(content).localname, content))
    return events


def leaf(content: etree._Element, path: str) -> str | None:
    """The text of `path` ("a/b") under `content`, all in meridian-ntp."""
    return content.findtext("/".join(f"{{{MNTP}}}{part}" for part in path.split("/")))


def names(events) -> list[str]:
    return [name for _, name, _ in events]


def first(events, name: str, **leaves: str) -> int | None:
    for index, (_, event, content) in enumerate(events):
        if event == name and all(leaf(content, k.replace("_", "-")) == v for k, v in leaves.items()):
            return index
    return None


def test_lab_server_reachable_selected_synchronized_then_removed(make_daemon, nc, started, tmp_path):
    chrony = started(Chrony(tmp_path / "chrony", CHRONY, free_udp_port(CHRONY), ["local stratum 2"]))
    d = make_daemon()
    subscriber, operator = nc(d), nc(d)
    assert_ok(subscriber.create_subscription())
    port = free_udp_port("127.0.7.10")

    before = dt.datetime.now(dt.timezone.utc)
    replace_and_commit(operator, system(ntp(port, server("lab", CHRONY, chrony.port))))

    def synchronized(events):
        return first(events, "synchronization-state-change", status="synchronized") is not None
    events = ntp_events(subscriber, synchronized, SYNC_TIMEOUT_S)
    after = dt.datetime.now(dt.timezone.utc)

    reachable = first(events, "association-reachability-change", reachable="true", address=CHRONY)
    peer = first(events, "system-peer-change", **{"system_peer/address": CHRONY})
    synced = first(events, "synchronization-state-change", status="synchronized")
    assert None not in (reachable, peer, synced), names(events)
    assert reachable < peer < synced, names(events)
    content = events[synced][2]
    assert leaf(content, "previous-status") == "unsynchronized"
    assert leaf(content, "stratum") == "3"
    # eventTime is when each happened: within the test's window, in order.
    times = [events[i][0] for i in (reachable, peer, synced)]
    assert before - dt.timedelta(seconds=1) <= times[0] <= times[1] <= times[2] <= after + dt.timedelta(seconds=1), times

    # Removing the server: the system peer goes, then the clock is unsynchronized.
    replace_and_commit(operator, system(ntp(port)))

    def unsynchronized(events):
        return first(events, "synchronization-state-change", status="unsynchronized") is not None
    events = ntp_events(subscriber, unsynchronized, REMOVE_TIMEOUT_S)
    gone = first(events, "system-peer-change", **{"previous_peer/address": CHRONY})
    unsynced = first(events, "synchronization-state-change", status="unsynchronized")
    assert gone is not None and gone < unsynced, names(events)
    assert leaf(events[unsynced][2], "previous-status") == "synchronized"
    # The subscription session still serves RPCs (interleave).
    assert wait_until(lambda: subscriber.get_config(source="running") is not None, 5)
