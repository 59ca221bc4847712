"""Issue #5 acceptance through NETCONF: commits drive the embedded NTP engine,
checked against real chronyd on loopback, `<get>` of /system-state/ntp and the
agent's own UDP sockets in /proc/net/udp.

One daemon for the module (`agent` empties running before each test, which
stops the engine). chronyd always runs with -x (never touches the clock) and
private config, pid, dump and command-port files (ntp_lab.Chrony), serving
`local stratum 2` on 127.0.6.20/.21; the agent's logical interfaces carry
127.0.6.10 (lo-a, listening) and 127.0.6.11 (lo-b, source). The agent runs
with the default virtual clock, so the host clock is never changed.

Polls are fast (iburst, poll 2^-1..2^0 s). Measured here (2 shared cores,
debug build): the agent selects chronyd as sys-peer with stratum 3 about 2-3 s
after the commit; SYNC_TIMEOUT_S allows ~10x that. Every other wait is a poll
with a deadline too.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

from datastore_util import (
    NC, assert_ok, canonical, copy_inline, edit, error_field, get_config, rpc_errors, show,
    wait_until,
)
from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, free_udp_port, sntp_query
from ntp_netconf_util import (  # noqa: F401  (fixtures)
    agent, associations, clock_state, iface, interfaces, m, ntp, ntp_daemon, proc_net_udp_lines,
    replace_and_commit, reset_statistics, server, statistics, system, udp_sockets, wait_selected,
)

LISTEN, SOURCE, SPARE = "127.0.6.10", "127.0.6.11", "127.0.6.12"
CHRONY_A, CHRONY_B = "127.0.6.20", "127.0.6.21"

# chronyd local stratum 2 answers at once; the agent needs its iburst samples
# (0.5 s apart) and the selection: 2-3 s measured, 25 s allowed.
SYNC_TIMEOUT_S = 25.0
# Commit reply to the engine (or the kernel's socket table) showing the change:
# apply runs before the reply, so this only absorbs a loaded machine.
APPLY_TIMEOUT_S = 5.0
# Confirmed commit: 2 s timeout, then the rollback commit.
CONFIRM_TIMEOUT_S = 2
ROLLBACK_BOUND_S = 15.0


def base_interfaces(*extra: str) -> str:
    return interfaces(iface("lo-a", [LISTEN]), iface("lo-b", [SOURCE]), *extra)


def start_chrony(started, tmp_path, address: str) -> Chrony:
    return started(Chrony(tmp_path / f"chrony-{address}", address, free_udp_port(address), ["local stratum 2"]))


def wait_sys_peer(mgr, address: str, timeout: float = SYNC_TIMEOUT_S) -> tuple[dict, dict]:
    return wait_selected(mgr, address, "client", "3", timeout)


# -- (a) a commit adding chronyd makes the agent synchronize ----------------------


def test_commit_adding_chronyd_synchronizes_agent_sys_peer_stratum_3(agent, started, tmp_path):
    d, mgr = agent
    chrony = start_chrony(started, tmp_path, CHRONY_A)
    port = free_udp_port(LISTEN)
    t0 = time.monotonic()
    replace_and_commit(mgr, system(ntp(port, server("chrony", CHRONY_A, chrony.port), listen=["lo-a"])),
                       base_interfaces())
    association, clock = wait_sys_peer(mgr, CHRONY_A)
    print(f"sys-peer stratum 3 after {time.monotonic() - t0:.1f} s")
    assert association["configured"] == "true"
    assert association["stratum"] == "2"
    assert association["reach"] != "0"
    assert clock["reference-id"] == CHRONY_A
    assert clock["sync-state"] in ("freq", "clock-synchronized", "spike"), clock


# -- (b) delete returns the association list to empty and closes the socket ------


@pytest.mark.parametrize("variant", ["source-interface", "wildcard"])
def test_delete_server_empties_associations_and_closes_its_socket(agent, started, tmp_path, variant):
    """source-interface: the association sends from lo-b (127.0.6.11:P), a
    socket of its own next to the listening one on lo-a (127.0.6.10:P).
    wildcard: server-enabled false and no listen/source interface, so the
    association's 0.0.0.0:P is the engine's only socket."""
    d, mgr = agent
    chrony = start_chrony(started, tmp_path, CHRONY_A)
    port = free_udp_port(SOURCE) if variant == "source-interface" else free_udp_port("0.0.0.0")
    if variant == "source-interface":
        base = dict(listen=["lo-a"])
        srv_extra = m("source-interface", "lo-b")
        ntp_extra = ""
        before_expected = {f"{LISTEN}:{port}"}
        assoc_socket = f"{SOURCE}:{port}"
    else:
        base = dict(listen=[])
        srv_extra = ""
        ntp_extra = m("server-enabled", "false")
        before_expected = set()
        assoc_socket = f"0.0.0.0:{port}"

    replace_and_commit(mgr, system(ntp(port, extra=ntp_extra, **base)), base_interfaces())
    wait_until(lambda: udp_sockets(d.proc.pid) == before_expected, APPLY_TIMEOUT_S,
               what=f"engine sockets {before_expected} (now {udp_sockets(d.proc.pid)})")
    before = udp_sockets(d.proc.pid)
    assert before == before_expected, f"engine sockets before the server: {before}"

    replace_and_commit(mgr, system(ntp(port, server("chrony", CHRONY_A, chrony.port, extra=srv_extra),
                                       extra=ntp_extra, **base)), base_interfaces())
    association, _ = wait_sys_peer(mgr, CHRONY_A)
    with_server = udp_sockets(d.proc.pid)
    assert with_server == before_expected | {assoc_socket}, (
        f"sockets with the server: {with_server}\n{proc_net_udp_lines([LISTEN, SOURCE, '0.0.0.0'])}")
    if variant == "source-interface":
        assert association.get("source-address") == SOURCE, association

    assert_ok(edit(mgr, system(ntp(port, server("chrony", CHRONY_A, op="delete", iburst=False, minpoll=None,
                                                maxpoll=None), **base))))
    assert_ok(mgr.commit())
    assert "chrony" not in etree.tostring(get_config(mgr, "running")).decode()
    assert wait_until(lambda: associations(mgr) == {}, APPLY_TIMEOUT_S, what="association list empty")
    wait_until(lambda: udp_sockets(d.proc.pid) == before_expected, APPLY_TIMEOUT_S,
               what=f"socket {assoc_socket} closed (now {udp_sockets(d.proc.pid)})")
    assert udp_sockets(d.proc.pid) == before_expected, proc_net_udp_lines([LISTEN, SOURCE, "0.0.0.0"])


# -- (c) changing prefer on one server keeps the other's reach --------------------


def flip_prefer_on_a(agent, started, tmp_path) -> tuple[dict, list[dict], list[dict]]:
    """Servers a and b (two chronyd) until both reach 0377, then a commit that
    changes only a's prefer; returns (associations before, associations and
    clock-states sampled every 0.2 s for 3 s after the commit reply)."""
    d, mgr = agent
    a = start_chrony(started, tmp_path, CHRONY_A)
    b = start_chrony(started, tmp_path, CHRONY_B)
    port = free_udp_port(LISTEN)

    def cfg(prefer_a: bool) -> tuple[str, str]:
        return (system(ntp(port, server("a", CHRONY_A, a.port, prefer=prefer_a), server("b", CHRONY_B, b.port),
                           listen=["lo-a"])), base_interfaces())

    replace_and_commit(mgr, *cfg(False))
    # Eight answered polls at <= 1 s: reach 0377 within ~8 s after the first.
    wait_until(lambda: all(associations(mgr).get((addr, "client"), {}).get("reach") == "255"
                           for addr in (CHRONY_A, CHRONY_B)),
               30, interval=0.2, what=f"reach of a and b at 255 ({associations(mgr)})")
    wait_until(lambda: clock_state(mgr).get("status") == "synchronized", SYNC_TIMEOUT_S, what="synchronized")
    before = associations(mgr)
    replace_and_commit(mgr, *cfg(True))
    samples, clocks = [], []
    deadline = time.monotonic() + 3.0  # >= 3 polls of each at maxpoll 0
    while time.monotonic() < deadline:
        samples.append(associations(mgr))
        clocks.append(clock_state(mgr))
        time.sleep(0.2)
    assert samples[-1][(CHRONY_A, "client")]["prefer"] == "true"
    assert samples[-1][(CHRONY_B, "client")]["prefer"] == "false"
    return before, samples, clocks


def kept_reach(reach: str | None) -> bool:
    """A reach register that was not reset: at least seven of its eight polls answered.
    The newest bit is 0 while a poll is in flight, so a sample taken between a poll and
    its reply reads 254 (0376); a restarted association reads 0, 1, 3, 7..."""
    return reach is not None and bin(int(reach)).count("1") >= 7


def test_prefer_change_on_one_server_keeps_the_other_reach(agent, started, tmp_path):
    before, samples, clocks = flip_prefer_on_a(agent, started, tmp_path)
    b_reach = [s.get((CHRONY_B, "client"), {}).get("reach") for s in samples]
    print(f"b reach after prefer change on a: {b_reach}")
    assert all(kept_reach(r) for r in b_reach), (
        f"b's reach register was reset by a commit that changed only a's prefer: before "
        f"{before[(CHRONY_B, 'client')]}, after {b_reach}")


def test_prefer_change_keeps_the_changed_association_in_place(agent, started, tmp_path):
    """Issue #5: the planner changes associations in place; prefer is a
    selection bias, not a protocol parameter, so flipping it must not
    restart the association (reach, filter) nor unsynchronize the clock."""
    before, samples, clocks = flip_prefer_on_a(agent, started, tmp_path)
    a_reach = [s.get((CHRONY_A, "client"), {}).get("reach") for s in samples]
    status = [c.get("status") for c in clocks]
    print(f"a reach after its own prefer change: {a_reach}; clock status: {status}")
    assert all(kept_reach(r) for r in a_reach), (
        f"changing only prefer on a restarted a: reach before {before[(CHRONY_A, 'client')]['reach']}, "
        f"after {a_reach}")
    assert all(s == "synchronized" for s in status), status


# -- unsync-max-poll and preempt are accepted and carried out --------------------

UNSYNC_MAX_POLL = m("unsync-max-poll", "<poll-interval>0</poll-interval><dec-step>1</dec-step>")


def silent_preemptable_server() -> str:
    return server("silent", SPARE, free_udp_port(SPARE), iburst=False, minpoll=-1, maxpoll=3,
                  extra=m("preempt", "true"))


def test_unsync_max_poll_holds_a_silent_server_at_minpoll_and_a_lone_preemptable_one_stays(agent):
    """Nobody answers on SPARE and the clock stays unsynchronized. With unsync-max-poll
    (poll-interval 0, dec-step 1) each unanswered poll takes the interval back down to
    minpoll (2^-1 s). Without it, RFC 5905 backs off towards maxpoll 3 after 12
    unanswered polls (about 6 s). The server is preemptable but the only one: no better
    source exists, so it is never dropped."""
    d, mgr = agent
    port = free_udp_port(LISTEN)
    silent = silent_preemptable_server()
    replace_and_commit(mgr, system(ntp(port, silent, listen=["lo-a"], extra=UNSYNC_MAX_POLL)), base_interfaces())
    polls = []
    deadline = time.monotonic() + 10.0
    while time.monotonic() < deadline:
        a = associations(mgr).get((SPARE, "client"))
        assert a is not None, f"the lone preemptable server was dropped: {associations(mgr)}"
        polls.append(int(a["poll"]))
        time.sleep(0.5)
    print(f"poll with unsync-max-poll: {polls}")
    assert clock_state(mgr).get("status") == "unsynchronized"
    assert max(polls) == -1, polls
    # Same server, limit removed: the back-off starts (the association keeps its state).
    replace_and_commit(mgr, system(ntp(port, silent, listen=["lo-a"])), base_interfaces())
    backed_off = wait_until(lambda: (a := associations(mgr).get((SPARE, "client"))) and int(a["poll"]) > 0 and a,
                            20.0, interval=0.5, what="RFC 5905 back-off without unsync-max-poll")
    print(f"without unsync-max-poll: poll {backed_off['poll']}")


# -- (d) confirmed commit expiry restores the engine's associations ---------------


def test_confirmed_commit_expiry_removes_association_from_engine(agent, started, tmp_path):
    d, mgr = agent
    a = start_chrony(started, tmp_path, CHRONY_A)
    b = start_chrony(started, tmp_path, CHRONY_B)
    port = free_udp_port(LISTEN)
    replace_and_commit(mgr, system(ntp(port, server("a", CHRONY_A, a.port), listen=["lo-a"])), base_interfaces())
    wait_sys_peer(mgr, CHRONY_A)
    running_before = canonical(get_config(mgr, "running"))

    assert_ok(edit(mgr, system(ntp(port, server("b", CHRONY_B, b.port)))))
    t0 = time.monotonic()
    assert_ok(mgr.commit(confirmed=True, timeout=str(CONFIRM_TIMEOUT_S)))
    wait_until(lambda: (CHRONY_B, "client") in associations(mgr), APPLY_TIMEOUT_S,
               what="association b in the engine after the confirmed commit")
    # The engine really runs it: b gets answers.
    wait_until(lambda: associations(mgr).get((CHRONY_B, "client"), {}).get("reach", "0") != "0",
               CONFIRM_TIMEOUT_S + 1, interval=0.1, what="b reached before the rollback")

    wait_until(lambda: (CHRONY_B, "client") not in associations(mgr), ROLLBACK_BOUND_S, interval=0.1,
               what=f"association b gone from the engine after the {CONFIRM_TIMEOUT_S}s confirm-timeout")
    gone = time.monotonic() - t0
    print(f"association b gone {gone:.1f} s after the confirmed commit was sent")
    assert gone >= CONFIRM_TIMEOUT_S - 0.2
    assert canonical(get_config(mgr, "running")) == running_before
    assert set(associations(mgr)) == {(CHRONY_A, "client")}


# -- (e) a broken commit changes nothing ---------------------------------------------


@pytest.mark.parametrize("case", ["address-not-on-host", "port-taken"])
def test_unbindable_source_interface_commit_is_refused_and_changes_nothing(agent, started, tmp_path, case):
    """address-not-on-host: source interface 192.0.2.1 (TEST-NET-1, on no
    interface of this host). port-taken: 127.0.6.12 is bindable, but this
    test holds UDP 127.0.6.12:P, so the engine's prepare fails to bind."""
    d, mgr = agent
    a = start_chrony(started, tmp_path, CHRONY_A)
    port = free_udp_port(SPARE)
    replace_and_commit(mgr, system(ntp(port, server("a", CHRONY_A, a.port), listen=["lo-a"])), base_interfaces())
    wait_sys_peer(mgr, CHRONY_A)
    running_before = canonical(get_config(mgr, "running"))
    assoc_before = associations(mgr)
    sockets_before = udp_sockets(d.proc.pid)
    assert sockets_before == {f"{LISTEN}:{port}"}

    bad_address = "192.0.2.1" if case == "address-not-on-host" else SPARE
    blocker = None
    if case == "port-taken":
        blocker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        blocker.bind((SPARE, port))
    try:
        assert_ok(edit(mgr, system(ntp(port, extra=m("source-interface", "bad"))),
                       interfaces(iface("bad", [bad_address]))))
        reply = mgr.commit()
        errs = rpc_errors(reply)
        assert len(errs) == 1, f"expected one rpc-error for an unbindable source address:\n{show(reply)}"
        assert error_field(errs[0], "error-type") == "application", show(reply)
        assert error_field(errs[0], "error-app-tag") == "address-not-bindable", show(reply)
        path = (error_field(errs[0], "error-path") or "").strip()
        assert path in ("/ietf-system:system/ntp/meridian-ntp:source-interface", "/ietf-system:system/ntp"), show(reply)
        print(f"{case}: {error_field(errs[0], 'error-tag')} {path}: {error_field(errs[0], 'error-message')}")
    finally:
        if blocker is not None:
            blocker.close()
    assert canonical(get_config(mgr, "running")) == running_before
    assert udp_sockets(d.proc.pid) == sockets_before
    after = associations(mgr)
    assert set(after) == set(assoc_before)
    assert after[(CHRONY_A, "client")]["selection"] == "sys-peer"
    assert after[(CHRONY_A, "client")]["reach"] != "0"
    assert_ok(mgr.discard_changes())


# -- (f) every MODEL.md rule is refused by commit with its error-path and app-tag --

SRV = "/ietf-system:system/ntp/server[name='x']"
IFP = "/ietf-interfaces:interfaces/interface[name='lo-a']/meridian-ntp:ntp"
KEY_UNTRUSTED = m("authentication", "<enabled>true</enabled><key><key-id>7</key-id><algorithm>md5</algorithm>"
                  "<ascii-key>secret7</ascii-key><trusted>false</trusted></key>")

# (id, ntp extra, server x (address, server extra) or None, interfaces extra, app-tag, error-path)
RULES = [
    ("address-0.0.0.0", "", ("0.0.0.0", ""), "", "server-address-unspecified", SRV + "/udp/address"),
    ("address-multicast", "", ("224.0.1.1", ""), "", "server-address-multicast", SRV + "/udp/address"),
    ("address-refclock", "", ("127.127.1.0", ""), "", "server-address-refclock", SRV + "/udp/address"),
    ("address-own-interface", "", (LISTEN, ""), "", "server-address-local", SRV + "/udp/address"),
    ("address-broadcast", "", ("255.255.255.255", ""), "", "server-address-broadcast", SRV + "/udp/address"),
    ("server-source-interface-without-ipv4", "", ("192.0.2.50", m("source-interface", "v6only")),
     iface("v6only", ipv6=["2001:db8::1"]), "interface-without-address", SRV + "/meridian-ntp:source-interface"),
    ("global-source-interface-without-address", m("source-interface", "noaddr"), None, iface("noaddr"),
     "interface-without-address", "/ietf-system:system/ntp/meridian-ntp:source-interface"),
    ("listen-interface-without-address", m("listen-interface", "noaddr"), None, iface("noaddr"),
     "interface-without-address", "/ietf-system:system/ntp/meridian-ntp:listen-interface[.='noaddr']"),
    ("key-not-trusted", KEY_UNTRUSTED, ("192.0.2.50", m("key-id", 7)), "", "key-not-trusted",
     SRV + "/meridian-ntp:key-id"),
    ("maxpoll-below-minpoll", "", ("192.0.2.50", ""), "", "maxpoll-below-minpoll", SRV + "/meridian-ntp:maxpoll"),
    ("multicast-client-group-not-multicast", "", None,
     "", "group-not-multicast", IFP + "/multicast-client[group='10.1.1.1']/group"),
    ("multicast-server-group-not-multicast", "", None,
     "", "group-not-multicast", IFP + "/multicast-server[group='10.1.1.2']/group"),
    ("broadcast-server-without-address", "", None, iface("noaddr", ntp_extra="<broadcast-server/>"),
     "interface-without-address", "/ietf-interfaces:interfaces/interface[name='noaddr']/meridian-ntp:ntp/broadcast-server"),
    ("broadcast-client-on-a-host-address", "", None, iface("lo32", ["127.0.6.13"], ntp_extra="<broadcast-client/>"),
     "no-broadcast-address", "/ietf-interfaces:interfaces/interface[name='lo32']/meridian-ntp:ntp/broadcast-client"),
    ("vpn-instance-missing", "", ("192.0.2.50", m("vpn-instance", "vrf-nope")), "", "vrf-not-found",
     SRV + "/meridian-ntp:vpn-instance"),
]


@pytest.mark.parametrize("rule", RULES, ids=[r[0] for r in RULES])
def test_model_rule_refused_by_commit(agent, rule):
    d, mgr = agent
    rule_id, ntp_extra, srv, if_extra, app_tag, path = rule
    port = free_udp_port(LISTEN)
    servers = []
    if srv is not None:
        polls = dict(minpoll=4, maxpoll=3) if rule_id == "maxpoll-below-minpoll" else {}
        servers.append(server("x", srv[0], 10123, extra=srv[1], **polls))
    lo_a_ntp = ""
    if rule_id == "multicast-client-group-not-multicast":
        lo_a_ntp = "<multicast-client><group>10.1.1.1</group></multicast-client>"
    if rule_id == "multicast-server-group-not-multicast":
        lo_a_ntp = "<multicast-server><group>10.1.1.2</group></multicast-server>"
    ifs = interfaces(iface("lo-a", [LISTEN], ntp_extra=lo_a_ntp), iface("lo-b", [SOURCE]),
                     *([if_extra] if if_extra else []))
    running_before = canonical(get_config(mgr, "running"))
    assert_ok(copy_inline(mgr, "candidate", system(ntp(port, *servers, listen=["lo-a"], extra=ntp_extra)), ifs))

    validate = mgr.validate(source="candidate")
    reply = mgr.commit()
    errs = rpc_errors(reply)
    assert errs, f"{rule_id}: commit accepted a configuration that breaks the rule:\n{show(reply)}"
    tags = [(error_field(e, "error-app-tag"), (error_field(e, "error-path") or "").strip()) for e in errs]
    assert len(errs) == 1, f"{rule_id}: expected one rpc-error, got {tags}:\n{show(reply)}"
    e = errs[0]
    assert error_field(e, "error-type") == "application", show(reply)
    assert error_field(e, "error-app-tag") == app_tag, show(reply)
    assert (error_field(e, "error-path") or "").strip() == path, show(reply)
    assert (error_field(e, "error-message") or "").strip(), show(reply)
    # validate on candidate reports the same error.
    v_errs = rpc_errors(validate)
    assert [error_field(x, "error-app-tag") for x in v_errs] == [app_tag], f"validate:\n{show(validate)}"
    # Nothing reached running or the engine.
    assert canonical(get_config(mgr, "running")) == running_before
    assert associations(mgr) == {}
    assert udp_sockets(d.proc.pid) == set()
    assert_ok(mgr.discard_changes())


@pytest.mark.parametrize("stratum", ["0", "16"])
def test_refclock_master_stratum_out_of_range_refused(agent, stratum):
    d, mgr = agent
    reply = edit(mgr, system(ntp(free_udp_port(LISTEN), extra=m("refclock-master", f"<stratum>{stratum}</stratum>"))))
    errs = rpc_errors(reply)
    assert len(errs) == 1, show(reply)
    assert error_field(errs[0], "error-type") == "application", show(reply)
    assert error_field(errs[0], "error-tag") == "invalid-value", show(reply)
    assert (error_field(errs[0], "error-path") or "").strip().endswith("refclock-master/stratum"), show(reply)
    assert_ok(mgr.discard_changes())


def test_key_id_naming_no_key_refused(agent):
    d, mgr = agent
    assert_ok(copy_inline(mgr, "candidate", system(ntp(free_udp_port(LISTEN),
                                                      server("x", "192.0.2.50", 10123, extra=m("key-id", 9)))),
                          base_interfaces()))
    reply = mgr.commit()
    errs = rpc_errors(reply)
    assert len(errs) == 1, show(reply)
    assert error_field(errs[0], "error-type") == "application", show(reply)
    assert error_field(errs[0], "error-tag") == "data-missing", show(reply)
    assert error_field(errs[0], "error-app-tag") == "instance-required", show(reply)
    assert (error_field(errs[0], "error-path") or "").strip().endswith("server[name='x']/meridian-ntp:key-id"), show(reply)
    assert associations(mgr) == {}
    assert_ok(mgr.discard_changes())


# -- (g) NTP absent / enabled false stops the engine ------------------------------


@pytest.mark.parametrize("how", ["enabled-false", "ntp-deleted"])
def test_ntp_disabled_or_absent_stops_engine_and_closes_sockets(agent, how):
    d, mgr = agent
    port = free_udp_port(LISTEN)
    replace_and_commit(mgr, system(ntp(port, listen=["lo-a"], extra=m("refclock-master", "<stratum>5</stratum>"))),
                       base_interfaces())
    assert wait_until(lambda: udp_sockets(d.proc.pid) == {f"{LISTEN}:{port}"}, APPLY_TIMEOUT_S,
                      what=f"engine socket {LISTEN}:{port}")
    reply = sntp_query(LISTEN, port)
    assert reply is not None and reply[1] == 5, "refclock-master stratum 5 answers before"
    running_clock = clock_state(mgr)
    assert (running_clock.get("status"), running_clock.get("stratum")) == ("synchronized", "5"), running_clock

    if how == "enabled-false":
        assert_ok(edit(mgr, system(f'<ntp><enabled>false</enabled></ntp>')))
    else:
        assert_ok(edit(mgr, system(f'<ntp xmlns:nc="{NC}" nc:operation="delete"/>')))
    assert_ok(mgr.commit())
    wait_until(lambda: udp_sockets(d.proc.pid) == set(), APPLY_TIMEOUT_S,
               what=f"engine socket closed (now {udp_sockets(d.proc.pid)}; {proc_net_udp_lines([LISTEN])})")
    assert sntp_query(LISTEN, port, timeout=1.0) is None
    stopped = clock_state(mgr)
    print(f"{how}: clock-state of the stopped engine: {stopped}; associations {associations(mgr)}; "
          f"statistics {statistics(mgr)}")
    assert associations(mgr) == {}
    assert stopped.get("status") != "synchronized", f"a stopped engine reports {stopped}"


# -- (h) reset-statistics ---------------------------------------------------------


def test_reset_statistics_zeroes_counters(agent):
    d, mgr = agent
    port = free_udp_port(LISTEN)
    replace_and_commit(mgr, system(ntp(port, listen=["lo-a"], extra=m("refclock-master", "<stratum>5</stratum>"))),
                       base_interfaces())
    for _ in range(3):
        assert sntp_query(LISTEN, port) is not None
    wait_until(lambda: statistics(mgr).get("packets-received", 0) >= 3, APPLY_TIMEOUT_S,
               what=f"3 packets received ({statistics(mgr)})")
    before = statistics(mgr)
    assert before.get("packets-sent", 0) >= 3, before
    assert_ok(reset_statistics(mgr))
    after = statistics(mgr)
    assert set(after) == set(before) and all(v == 0 for v in after.values()), f"after reset: {after}"
    assert sntp_query(LISTEN, port) is not None
    wait_until(lambda: statistics(mgr).get("packets-received") == 1, APPLY_TIMEOUT_S,
               what=f"counting again from zero ({statistics(mgr)})")


# -- examples/ncclient against a real agent ------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "ncclient"


def test_ncclient_examples_drive_the_agent(agent, started, tmp_path, creds):
    d, mgr = agent
    chrony = start_chrony(started, tmp_path, CHRONY_A)
    port = free_udp_port(SOURCE)
    replace_and_commit(mgr, system(ntp(port, listen=["lo-a"])), base_interfaces())

    def run(script: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        r = subprocess.run([sys.executable, str(EXAMPLES / script), "--port", str(d.port),
                            "--user", creds.password_user, "--password", creds.password, *args],
                           capture_output=True, text=True, timeout=60, check=False)
        assert (r.returncode == 0) == ok, f"{script} {args}: exit {r.returncode}\n{r.stdout}\n{r.stderr}"
        return r

    run("set-refclock-master.py", "--stratum", "4")
    assert (clock_state(mgr).get("stratum"), clock_state(mgr).get("reference-id")) == ("4", "LOCL")

    run("add-server.py", "--name", "chrony", "--address", CHRONY_A, "--udp-port", str(chrony.port), "--iburst",
        "--minpoll", "-1", "--maxpoll", "0")
    wait_sys_peer(mgr, CHRONY_A)

    run("set-source-interface.py", "--interface", "lo-b", "--address", SOURCE)
    wait_until(lambda: associations(mgr).get((CHRONY_A, "client"), {}).get("source-address") == SOURCE,
               APPLY_TIMEOUT_S, what=f"association sends from {SOURCE} ({associations(mgr)})")
    assert f"{SOURCE}:{port}" in udp_sockets(d.proc.pid)
    # A new source address is a new socket, so the association starts over.
    wait_sys_peer(mgr, CHRONY_A)

    run("add-peer-with-key.py", "--address", "192.0.2.30", "--key-id", "8", "--algorithm", "aes-cmac",
        "--hex-key", "000102030405060708090a0b0c0d0e0f")
    assert ("192.0.2.30", "active") in associations(mgr)

    status = run("read-status.py").stdout
    assert "clock: synchronized, stratum 3, reference-id 127.0.6.20" in status, status
    assert CHRONY_A in status and "192.0.2.30" in status, status

    run("reset-statistics.py")
    run("delete-server.py", "--name", "chrony")
    wait_until(lambda: (CHRONY_A, "client") not in associations(mgr), APPLY_TIMEOUT_S, what="chrony deleted")

    refused = run("add-server.py", "--address", "224.0.1.1", ok=False)
    assert "server-address-multicast" in refused.stderr, refused.stderr
    assert "224.0.1.1" not in etree.tostring(get_config(mgr, "running")).decode()
