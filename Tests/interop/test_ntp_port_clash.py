"""Two daemons never share an NTP port: the engine sets SO_REUSEADDR to re-bind its own
sockets, so before it first binds a port it checks that no other process holds it. A second
meridiand configured on the first one's address and port is refused at commit with a message
that says so, and the first keeps answering; on another address of the same port it works."""

from __future__ import annotations

from datastore_util import rpc_errors, session
from ntp_lab import free_udp_port_on_all, sntp_query
from ntp_netconf_util import iface, interfaces, m, ntp, replace_and_commit, system, copy_inline

FIRST, SECOND = "127.0.11.1", "127.0.11.2"


def serving(port: int, address: str) -> tuple[str, str]:
    return (system(ntp(port, listen=["ntp0"], extra=m("refclock-master", "<stratum>5</stratum>"))),
            interfaces(iface("ntp0", [address])))


def test_a_second_daemon_on_the_same_ntp_port_is_refused_clearly(make_daemon, nc):
    port = free_udp_port_on_all([FIRST, SECOND])
    first, second = make_daemon(name="first"), make_daemon(name="second")
    a, b = session(nc, first), session(nc, second)
    replace_and_commit(a, *serving(port, FIRST))
    assert sntp_query(FIRST, port) is not None, "the first daemon serves"

    assert not rpc_errors(copy_inline(b, "candidate", *serving(port, FIRST)))
    reply = b.commit()
    errors = rpc_errors(reply)
    assert errors, "the second daemon bound a port the first one holds"
    message = " ".join(e.findtext("{urn:ietf:params:xml:ns:netconf:base:1.0}error-message") or "" for e in errors)
    assert f"UDP port {port} is in use by another process" in message, message
    assert sntp_query(FIRST, port) is not None, "the first daemon still answers"
    assert b.discard_changes().ok

    # Another address on the same port is no clash.
    replace_and_commit(b, *serving(port, SECOND))
    assert sntp_query(SECOND, port) is not None
