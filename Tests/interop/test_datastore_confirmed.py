"""Confirmed commit 1.1 (RFC 6241 §8.4) against a real meridiand.

Timing: a confirm-timeout of 2 s; the rollback must have happened within
ROLLBACK_BOUND_S after the confirmed commit (polled, never a fixed sleep for
the positive case). "Not rolled back" checks wait past the timeout plus margin.
"""

from __future__ import annotations

import time

from datastore_util import (
    NC,
    assert_ok,
    commit_config,
    contact,
    dispatch,
    ds,  # noqa: F401  (fixture)
    ds_daemon,  # noqa: F401  (fixture)
    edit_ok,
    one_error,
    rpc_errors,
    session,
    show,
    system,
    wait_until,
)

CONFIRM_TIMEOUT_S = 2
# A loaded 2-core machine: the rollback may come late, but not this late.
ROLLBACK_BOUND_S = CONFIRM_TIMEOUT_S + 13
# How long past the confirm-timeout a kept configuration is watched.
KEPT_WAIT_S = CONFIRM_TIMEOUT_S + 2


def confirmed_commit(m, value: str, timeout: int = CONFIRM_TIMEOUT_S, persist: str | None = None) -> float:
    """Edit contact to value and commit it confirmed.

    Returns the monotonic time just before the commit was sent: the server's
    confirm timer cannot have started earlier.
    """
    edit_ok(m, system(f"<contact>{value}</contact>"))
    sent = time.monotonic()
    assert_ok(m.commit(confirmed=True, timeout=str(timeout), persist=persist))
    return sent


def test_confirmed_commit_rolls_back_after_timeout(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>stable</contact>"))
    t0 = confirmed_commit(m, "trial")
    assert contact(m, "running") == "trial", "the confirmed commit must change running at once"
    wait_until(lambda: contact(m, "running") == "stable", ROLLBACK_BOUND_S, 0.2, "rollback after confirm-timeout")
    elapsed = time.monotonic() - t0
    # 0.1 s for clock granularity; the poll can only see the rollback late, never early.
    assert elapsed >= CONFIRM_TIMEOUT_S - 0.1, f"rolled back {elapsed:.2f}s after the commit was sent, before the {CONFIRM_TIMEOUT_S}s timeout"
    # After the rollback there is nothing left to confirm.
    assert rpc_errors(dispatch(m, f'<cancel-commit xmlns="{NC}"/>'))


def test_confirming_commit_keeps_the_change(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>stable</contact>"))
    confirmed_commit(m, "trial")
    assert_ok(m.commit())
    time.sleep(KEPT_WAIT_S)
    assert contact(m, "running") == "trial"


def test_confirmed_commit_extended_by_second_confirmed_commit(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>stable</contact>"))
    confirmed_commit(m, "trial", timeout=CONFIRM_TIMEOUT_S)
    # A follow-up confirmed commit with a long timeout replaces the timer (§8.4.1).
    edit_ok(m, system("<contact>trial2</contact>"))
    assert_ok(m.commit(confirmed=True, timeout="120"))
    time.sleep(KEPT_WAIT_S)
    assert contact(m, "running") == "trial2"
    # Cancelling goes back to the configuration before the first confirmed commit.
    assert_ok(dispatch(m, f'<cancel-commit xmlns="{NC}"/>'))
    assert contact(m, "running") == "stable"


def test_cancel_commit_rolls_back(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>stable</contact>"))
    confirmed_commit(m, "trial", timeout=120)
    assert contact(m, "running") == "trial"
    assert_ok(m.cancel_commit())
    assert contact(m, "running") == "stable"
    # Nothing pending any more.
    assert rpc_errors(m.cancel_commit())


def test_cancel_commit_without_pending_commit_fails(ds, nc):
    m = session(nc, ds)
    reply = m.cancel_commit()
    assert rpc_errors(reply), show(reply)


def test_session_end_rolls_back_non_persist_confirmed_commit(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>stable</contact>"))
    confirmed_commit(a, "trial", timeout=120)
    assert contact(b, "running") == "trial"
    a.close_session()
    wait_until(lambda: contact(b, "running") == "stable", 15, 0.2, "rollback when the initiating session ends")


def test_session_killed_rolls_back(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>stable</contact>"))
    confirmed_commit(a, "trial", timeout=120)
    assert_ok(b.kill_session(a.session_id))
    wait_until(lambda: contact(b, "running") == "stable", 15, 0.2, "rollback when the initiating session is killed")


def test_persist_survives_session_end_and_persist_id_confirms(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>stable</contact>"))
    confirmed_commit(a, "trial", timeout=60, persist="token-42")
    a.close_session()
    # The persisted confirmed commit outlives its session.
    time.sleep(1.5)
    assert contact(b, "running") == "trial"
    # Another session without the persist-id cannot confirm it...
    reply = b.commit()
    assert rpc_errors(reply), f"a plain commit must not confirm a persist confirmed commit: {show(reply)}"
    # ...nor with the wrong persist-id (§8.4.5.1: invalid-value)...
    one_error(b.commit(persist_id="token-wrong"), "invalid-value")
    assert contact(b, "running") == "trial"
    # ...but with the right one it can.
    assert_ok(b.commit(persist_id="token-42"))
    assert contact(b, "running") == "trial"
    # Confirmed: nothing is left to cancel.
    assert rpc_errors(b.cancel_commit(persist_id="token-42"))
    assert contact(b, "running") == "trial"


def test_persist_commit_cancelled_by_persist_id_from_other_session(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>stable</contact>"))
    confirmed_commit(a, "trial", timeout=60, persist="token-cancel")
    # Without persist-id, cancel-commit must come from the initiating session.
    assert rpc_errors(b.cancel_commit())
    assert contact(b, "running") == "trial"
    one_error(b.cancel_commit(persist_id="other"), "invalid-value")
    assert_ok(b.cancel_commit(persist_id="token-cancel"))
    assert contact(b, "running") == "stable"


def test_persist_confirmed_commit_still_times_out(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>stable</contact>"))
    confirmed_commit(a, "trial", timeout=CONFIRM_TIMEOUT_S, persist="token-timeout")
    a.close_session()
    wait_until(lambda: contact(b, "running") == "stable", ROLLBACK_BOUND_S, 0.2, "rollback of a persist commit at its timeout")


# -- :confirmed-commit:1.0 for :base:1.0 sessions ------------------------------------------


def test_a_base_10_session_gets_confirmed_commit_10(ds, nc, creds):
    """Both capabilities are advertised (yangcli and other base:1.0 clients enable confirmed
    commit only for 1.0). A session that negotiated base:1.0 gets RFC 4741's semantics: a
    confirmed commit rolls back when its session ends; <persist> and <cancel-commit> are 1.1."""
    from netconf_wire import BASE_10, SSHNetconf, q, rpc, rpc_error_tags

    m = session(nc, ds)
    assert "urn:ietf:params:netconf:capability:confirmed-commit:1.0" in m.server_capabilities
    assert "urn:ietf:params:netconf:capability:confirmed-commit:1.1" in m.server_capabilities
    commit_config(m, system("<contact>before-1.0</contact>"))
    with SSHNetconf(ds.port, creds.key_user, creds.key_file) as old:
        old.exchange_hellos(BASE_10)
        edit = (f'<edit-config><target><candidate/></target><config><system xmlns="urn:ietf:params:xml:ns:yang:ietf-system">'
                f'<contact>from-1.0</contact></system></config></edit-config>')
        assert old.request(rpc(edit, "1")).find(q("ok")) is not None
        persisted = old.request(rpc("<commit><confirmed/><persist>p</persist></commit>", "2"))
        assert rpc_error_tags(persisted) == ["unknown-element"], xml_text(persisted)
        assert rpc_error_tags(old.request(rpc("<cancel-commit/>", "3"))) == ["operation-not-supported"]
        assert old.request(rpc("<commit><confirmed/><confirm-timeout>600</confirm-timeout></commit>", "4")).find(q("ok")) is not None
        assert contact(m, "running") == "from-1.0"
    # The session ended before a confirming commit: rolled back.
    wait_until(lambda: contact(m, "running") == "before-1.0", ROLLBACK_BOUND_S, 0.1,
               "a 1.0 confirmed commit rolls back when its session ends")


def xml_text(element) -> str:
    import xml.etree.ElementTree as ET

    return ET.tostring(element, encoding="unicode")
