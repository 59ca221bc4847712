"""ncclient (paramiko underneath) against meridiand: hello, close-session, kill-session, errors."""

from __future__ import annotations

import time

import pytest
from lxml import etree
from ncclient.operations.rpc import RPCError

from netconf_wire import BASE_10, BASE_11, PING_NS


def wait_disconnected(m, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not m.connected:
            return True
        time.sleep(0.05)
    return not m.connected


def test_password_session_has_capabilities_session_id_and_closes(daemon, nc):
    m = nc(daemon)
    caps = set(m.server_capabilities)
    assert BASE_10 in caps, caps
    assert BASE_11 in caps, caps
    assert int(m.session_id) > 0
    reply = m.close_session()
    assert reply.ok
    assert wait_disconnected(m), "session still open after <close-session>"


def test_key_file_session(daemon, nc, creds):
    m = nc(daemon, key=True)
    assert int(m.session_id) > 0
    assert BASE_11 in set(m.server_capabilities)
    assert m.close_session().ok


def test_concurrent_sessions_get_distinct_session_ids(daemon, nc):
    ms = [nc(daemon), nc(daemon, key=True), nc(daemon)]
    ids = [int(m.session_id) for m in ms]
    assert len(set(ids)) == len(ids), ids


def test_kill_session_closes_the_other_session(daemon, nc):
    killer = nc(daemon)
    victim = nc(daemon, key=True)
    assert victim.session_id != killer.session_id
    reply = killer.kill_session(victim.session_id)
    assert reply.ok
    assert wait_disconnected(victim), "killed session is still connected 10 s after <kill-session>"
    # The killer's session is unaffected.
    with pytest.raises(RPCError) as err:
        killer.dispatch(etree.Element(f"{{{PING_NS}}}meridian-ping"))
    assert err.value.tag == "operation-not-supported"
    assert killer.close_session().ok


def test_kill_own_session_is_invalid_value(daemon, nc):
    m = nc(daemon)
    with pytest.raises(RPCError) as err:
        m.kill_session(m.session_id)
    assert err.value.tag == "invalid-value", err.value.to_dict()
    assert err.value.type in ("protocol", "application"), err.value.to_dict()
    assert m.connected, "killing yourself must be refused, not carried out"
    assert m.close_session().ok


def test_kill_unknown_session_is_an_error(daemon, nc):
    m = nc(daemon)
    with pytest.raises(RPCError):
        m.kill_session("4000000000")
    assert m.connected


def test_unknown_operation_is_operation_not_supported(daemon, nc):
    m = nc(daemon)
    with pytest.raises(RPCError) as err:
        m.dispatch(etree.Element(f"{{{PING_NS}}}meridian-ping"))
    assert err.value.tag == "operation-not-supported", err.value.to_dict()
    assert err.value.severity == "error"
    # The session survives an rpc-error.
    with pytest.raises(RPCError):
        m.dispatch(etree.Element(f"{{{PING_NS}}}another-unknown-op"))
    assert m.close_session().ok


def test_wrong_password_is_refused(daemon, creds):
    from ncclient import manager
    from ncclient.transport.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        manager.connect(
            host="127.0.0.1", port=daemon.port, username=creds.password_user, password=creds.password + "x",
            hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30,
        )


def test_unknown_key_is_refused(daemon, creds):
    from ncclient import manager
    from ncclient.transport.errors import AuthenticationError

    with pytest.raises(AuthenticationError):
        manager.connect(
            host="127.0.0.1", port=daemon.port, username=creds.key_user, key_filename=str(creds.stranger_key_file),
            hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30,
        )


def test_an_operation_without_the_base_namespace_is_refused_saying_which_namespace(daemon, nc):
    """ncclient's dispatch of an unqualified element (what Ansible's `netconf_rpc: rpc: commit`
    sends without `xmlns`) puts <commit/> in no namespace inside <nc:rpc>: refused with
    unknown-namespace and a message naming the base namespace; the session goes on."""
    m = nc(daemon)
    with pytest.raises(RPCError) as err:
        m.dispatch(etree.Element("commit"))
    assert err.value.tag == "unknown-namespace"
    assert "<commit> has no namespace" in err.value.message
    assert "urn:ietf:params:xml:ns:netconf:base:1.0" in err.value.message
    qualified = m.dispatch(etree.Element("{urn:ietf:params:xml:ns:netconf:base:1.0}discard-changes"))
    assert qualified.ok
