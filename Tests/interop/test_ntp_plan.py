"""Issue #19: mntp:plan is the dry run of the one planner the engine runs at commit.

On the real daemon: the steps plan shows for a candidate are what the commit does (an
address change replaces the association, a prefer change keeps it in place, a new
listening address binds its socket), and once committed the same candidate plans nothing.
"""

from __future__ import annotations

from lxml import etree

from datastore_util import copy_inline, dispatch, rpc_errors, show, xml_of, assert_ok
from ntp_lab import free_udp_port
from ntp_netconf_util import (  # noqa: F401  (fixtures)
    MNTP, agent, associations, iface, interfaces, ntp, ntp_daemon, replace_and_commit, server, system, udp_sockets,
)

LISTEN, SECOND = "127.0.6.40", "127.0.6.41"
REMOTE, MOVED = "192.0.2.61", "192.0.2.62"


def plan(mgr) -> list[tuple[str, str]]:
    """(action, target) of each step of mntp:plan, in order."""
    reply = dispatch(mgr, f'<plan xmlns="{MNTP}"/>')
    assert not rpc_errors(reply), show(reply)
    return [(s.findtext(f"{{{MNTP}}}action"), s.findtext(f"{{{MNTP}}}target"))
            for s in xml_of(reply).iter(f"{{{MNTP}}}step")]


def candidate(mgr, *fragments: str) -> None:
    assert_ok(copy_inline(mgr, "candidate", *fragments))


def test_the_plan_shown_is_what_the_commit_does(agent):
    d, mgr = agent
    port = free_udp_port(LISTEN)
    ifs = interfaces(iface("lo-a", [LISTEN]), iface("lo-b", [SECOND]))
    first = system(ntp(port, server("a", REMOTE, 10123), listen=["lo-a"]))
    candidate(mgr, first, ifs)
    assert plan(mgr) == [("start-engine", "ntp"), ("bind-socket", f"{LISTEN}:{port}"), ("add-association", "a")]
    assert_ok(mgr.commit())
    assert plan(mgr) == [], "the committed candidate plans nothing more"
    assert udp_sockets(d.proc.pid) == {f"{LISTEN}:{port}"}

    # prefer only: in place.
    candidate(mgr, system(ntp(port, server("a", REMOTE, 10123, prefer=True), listen=["lo-a"])), ifs)
    assert plan(mgr) == [("change-association", "a")]
    assert_ok(mgr.commit())
    assert associations(mgr)[(REMOTE, "client")]["prefer"] == "true"

    # Another address: remove, then add; a second listening address binds its socket.
    candidate(mgr, system(ntp(port, server("a", MOVED, 10123, prefer=True), listen=["lo-a", "lo-b"])), ifs)
    assert plan(mgr) == [("remove-association", "a"), ("bind-socket", f"{SECOND}:{port}"), ("add-association", "a")]
    assert_ok(mgr.commit())
    assert plan(mgr) == []
    assert set(a for a, _ in associations(mgr)) == {MOVED}
    assert udp_sockets(d.proc.pid) == {f"{LISTEN}:{port}", f"{SECOND}:{port}"}
