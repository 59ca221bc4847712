"""The NETCONF datastore operations against a real meridiand (RFC 6241 §7, §8; RFC 6243).

Every test starts from empty candidate and running on this module's daemon
(`ds`). ncclient is the main client; netconf-console2 and raw `ssh -s netconf`
are used where a second client or exact bytes matter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from datastore_util import (
    IF,
    NC,
    NS,
    SYS,
    WD_ATTR_NS,
    assert_ok,
    canonical,
    commit_config,
    config,
    contact,
    copy_inline,
    dispatch,
    ds,  # noqa: F401  (fixture)
    ds_daemon,  # noqa: F401  (fixture)
    edit,
    edit_ok,
    error_field,
    error_info,
    error_path_prefixes,
    get_config,
    interface,
    interfaces,
    ntp,
    ntp_server,
    one_error,
    rpc_errors,
    session,
    show,
    system,
    text_at,
    xml_of,
)
from netconf_wire import BASE_10, BASE_11, SSHNetconf, q, rpc


# -- edit-config: the operations -------------------------------------------------


def test_merge_then_commit_reaches_running(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>noc@example.net</contact>" + ntp(ntp_server("a", "192.0.2.1"))))
    assert contact(m, "candidate") == "noc@example.net"
    assert contact(m, "running") is None, "an edit of candidate must not touch running before commit"
    assert_ok(m.commit())
    data = get_config(m, "running")
    assert text_at(data, "sys:system/sys:contact") == ["noc@example.net"]
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:udp/sys:address") == ["192.0.2.1"]


def test_merge_adds_to_existing_list(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("a", "192.0.2.1"))))
    edit_ok(m, system(ntp(ntp_server("b", "192.0.2.2"))))
    names = text_at(get_config(m, "candidate"), "sys:system/sys:ntp/sys:server/sys:name")
    assert sorted(names) == ["a", "b"]


def test_replace_entry_drops_unlisted_children(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("a", "192.0.2.1", "<iburst>true</iburst><prefer>true</prefer>"))))
    edit_ok(m, system(ntp(ntp_server("a", "192.0.2.9", op="replace"))))
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:udp/sys:address") == ["192.0.2.9"]
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:iburst") == [], etree.tostring(data)
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:prefer") == [], etree.tostring(data)


def test_create_new_entry_then_data_exists(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("a", "192.0.2.1", op="create"))))
    reply = edit(m, system(ntp(ntp_server("a", "192.0.2.1", op="create"))))
    err = one_error(reply, "data-exists", "application")
    prefixes = error_path_prefixes(err)
    assert prefixes and all(ns == SYS for ns in prefixes.values()), show(reply)
    assert "server[name='a']" in error_field(err, "error-path"), show(reply)


def test_delete_existing_then_data_missing(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("a"), ntp_server("b", "192.0.2.2"))))
    edit_ok(m, system(ntp(ntp_server("a", None, op="delete"))))
    assert text_at(get_config(m, "candidate"), "sys:system/sys:ntp/sys:server/sys:name") == ["b"]
    reply = edit(m, system(ntp(ntp_server("a", None, op="delete"))))
    err = one_error(reply, "data-missing", "application")
    assert all(ns == SYS for ns in error_path_prefixes(err).values()), show(reply)


def test_remove_missing_is_silent(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>x</contact>"))
    edit_ok(m, system(ntp(ntp_server("nope", None, op="remove"))))
    edit_ok(m, system(f'<contact xmlns:nc="{NC}" nc:operation="remove"/>'))
    assert contact(m, "candidate") is None


def test_delete_leaf(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>x</contact><location>y</location>"))
    edit_ok(m, system(f'<location xmlns:nc="{NC}" nc:operation="delete"/>'))
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:location") == []
    assert text_at(data, "sys:system/sys:contact") == ["x"]


def test_default_operation_none_only_applies_marked_nodes(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>keep</contact>" + ntp()))
    # With default-operation none, <contact> (no operation) is not changed; the
    # server with nc:operation=create is added (its parents exist: none creates no parent).
    edit_ok(m, system("<contact>ignored</contact>" + ntp(ntp_server("a", op="create"))), default_operation="none")
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:contact") == ["keep"], etree.tostring(data)
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:name") == ["a"]


def test_default_operation_none_delete_missing_parent_is_data_missing(ds, nc):
    m = session(nc, ds)
    reply = edit(m, system(ntp(ntp_server("zz", None, op="delete"))), default_operation="none")
    one_error(reply, "data-missing", "application")


def test_default_operation_replace_replaces_whole_config(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>old</contact>"), interfaces(interface("eth0")))
    edit_ok(m, system("<location>new</location>"), default_operation="replace")
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:location") == ["new"]
    assert text_at(data, "sys:system/sys:contact") == [], etree.tostring(data)
    assert data.find(f"{{{IF}}}interfaces") is None, etree.tostring(data)


def test_test_option_test_only_leaves_candidate(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>before</contact>"))
    edit_ok(m, system("<contact>after</contact>"), test_option="test-only")
    assert contact(m, "candidate") == "before"
    reply = edit(m, system(ntp(ntp_server("a", extra="<prefer>often</prefer>"))), test_option="test-only")
    one_error(reply, "invalid-value", "application")


def test_test_option_set_applies(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>set</contact>"), test_option="set")
    assert contact(m, "candidate") == "set"


def test_error_option_rollback_on_error_applies_nothing(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>before</contact>"))
    reply = edit(
        m,
        system("<contact>after</contact>" + ntp(ntp_server("c", extra="<prefer>nope</prefer>"))),
        error_option="rollback-on-error",
    )
    one_error(reply, "invalid-value", "application")
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:contact") == ["before"], etree.tostring(data)
    assert text_at(data, "sys:system/sys:ntp/sys:server") == []


def test_error_option_continue_on_error_applies_the_rest(ds, nc):
    m = session(nc, ds)
    reply = edit(
        m,
        system("<location>applied</location><hostname>bad..name..</hostname><contact>applied-too</contact>"),
        error_option="continue-on-error",
    )
    err = one_error(reply, "invalid-value", "application")
    assert error_field(err, "error-path").endswith(":system/hostname"), show(reply)
    data = get_config(m, "candidate")
    # RFC 6241 §7.2: continue-on-error records the error and processes the rest.
    assert text_at(data, "sys:system/sys:location") == ["applied"], etree.tostring(data)
    assert text_at(data, "sys:system/sys:contact") == ["applied-too"], etree.tostring(data)
    assert text_at(data, "sys:system/sys:hostname") == []


def test_error_option_continue_on_error_after_data_exists(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("q"))))
    reply = edit(
        m,
        system("<location>L1</location>" + ntp(ntp_server("q", op="create")) + "<contact>C1</contact>"),
        error_option="continue-on-error",
    )
    one_error(reply, "data-exists", "application")
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:location") == ["L1"], etree.tostring(data)
    assert text_at(data, "sys:system/sys:contact") == ["C1"], etree.tostring(data)


def test_stop_on_error_reports_invalid_value(ds, nc):
    m = session(nc, ds)
    reply = edit(m, system("<contact>c</contact>" + ntp(ntp_server("a", extra="<iburst>perhaps</iburst>"))))
    one_error(reply, "invalid-value", "application")


def test_edit_running_is_refused_without_writable_running(ds, nc):
    m = session(nc, ds)
    assert ":writable-running" not in m.server_capabilities
    reply = dispatch(m, f'<edit-config xmlns="{NC}"><target><running/></target>{config(system("<contact>x</contact>"))}</edit-config>')
    assert rpc_errors(reply), show(reply)
    assert contact(m, "running") is None


# -- edit-config: errors -----------------------------------------------------------


@pytest.mark.parametrize(
    "fragment, path_tail",
    [
        (system(ntp(ntp_server("a", extra="")).replace("</address>", "</address><port>70000</port>")),
         "/ietf-system:system/ntp/server[name='a']/udp/port"),
        (system(ntp(ntp_server("a", extra="")).replace("</address>", "</address><port>ntp</port>")),
         "/ietf-system:system/ntp/server[name='a']/udp/port"),
        (system(ntp(ntp_server("a", extra="<iburst>maybe</iburst>"))), "/ietf-system:system/ntp/server[name='a']/iburst"),
        (system(ntp(extra="<enabled>yes</enabled>")), "/ietf-system:system/ntp/enabled"),
        (system(ntp(ntp_server("a", extra="<association-type>broadcast</association-type>"))),
         "/ietf-system:system/ntp/server[name='a']/association-type"),
        (system("<hostname>-bad-.example</hostname>"), "/ietf-system:system/hostname"),
    ],
    ids=["out-of-range", "not-an-int", "bad-boolean", "bad-boolean-enabled", "bad-enum", "pattern"],
)
def test_invalid_value_has_error_path_in_ietf_system_namespace(ds, nc, fragment, path_tail):
    m = session(nc, ds)
    reply = edit(m, fragment)
    err = one_error(reply, "invalid-value", "application")
    path = error_field(err, "error-path")
    assert path is not None and path.strip() == path_tail, show(reply)
    # Each prefix used in the instance-identifier is declared in scope and resolves to ietf-system.
    assert error_path_prefixes(err) == {"ietf-system": SYS}, show(reply)
    assert error_field(err, "error-message"), show(reply)
    assert get_config(m, "candidate").find(f"{{{SYS}}}system") is None, "a failed edit changed candidate"


def test_invalid_value_error_path_prefix_declared_in_raw_bytes(ds, creds):
    """Not only lxml's view: the declaration is on the wire, on error-path or an ancestor."""
    with SSHNetconf(ds.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos(BASE_10, BASE_11)
        body = (f'<edit-config><target><candidate/></target>'
                f'{config(system(ntp(ntp_server("a")).replace("</address>", "</address><port>65536</port>")))}</edit-config>')
        s.send(rpc(body, "41"))
        raw = s.read_message(timeout=30)
        root = etree.fromstring(raw)
        errs = root.findall(f"{{{NC}}}rpc-error")
        assert len(errs) == 1, raw
        path = errs[0].find(f"{{{NC}}}error-path")
        assert path is not None, raw
        assert path.text.strip().startswith("/ietf-system:system/"), raw
        assert path.nsmap.get("ietf-system") == SYS, raw


def test_unknown_element_in_config(ds, nc):
    m = session(nc, ds)
    reply = edit(m, system("<contact>x</contact><bogus>1</bogus>"))
    err = one_error(reply, "unknown-element", "application")
    assert error_info(err, "bad-element") == "bogus", show(reply)
    assert contact(m, "candidate") is None


def test_unknown_element_in_feature_disabled_node(ds, nc):
    """ietf-system's `authentication` is behind a feature meridiand does not enable."""
    m = session(nc, ds)
    reply = edit(m, system("<authentication><user-authentication-order>local-users</user-authentication-order></authentication>"))
    err = one_error(reply, "unknown-element", "application")
    assert error_info(err, "bad-element") == "authentication", show(reply)


def test_deviated_node_is_unknown_and_advertised(ds, nc):
    """meridian-deviations marks /system/clock not-supported; the hello must say so (RFC 7950 §5.6.4)."""
    m = session(nc, ds)
    reply = edit(m, system("<clock><timezone-utc-offset>60</timezone-utc-offset></clock>"))
    err = one_error(reply, "unknown-element", "application")
    assert error_info(err, "bad-element") == "clock", show(reply)
    sys_caps = [c for c in m.server_capabilities if c.startswith(SYS + "?")]
    assert len(sys_caps) == 1 and "deviations=meridian-deviations" in sys_caps[0], sys_caps


def test_unknown_namespace_in_config(ds, nc):
    m = session(nc, ds)
    reply = edit(m, '<system xmlns="urn:example:not-a-module"><contact>x</contact></system>')
    err = one_error(reply, "unknown-namespace", "application")
    assert error_info(err, "bad-element") == "system", show(reply)


def test_missing_message_id_edit_is_not_applied(ds, creds, nc):
    """RFC 6241 §4.1: an rpc without message-id is missing-attribute, and nothing is done."""
    with SSHNetconf(ds.port, creds.key_user, creds.key_file) as s:
        s.exchange_hellos(BASE_10, BASE_11)
        body = f'<edit-config><target><candidate/></target>{config(system("<contact>no-id</contact>"))}</edit-config>'
        reply = s.request(rpc(body, message_id=None), timeout=30)
        errs = reply.findall(q("rpc-error"))
        assert len(errs) == 1, ET.tostring(reply)
        assert errs[0].findtext(q("error-tag")) == "missing-attribute", ET.tostring(reply)
        assert errs[0].findtext(q("error-type")) == "rpc", ET.tostring(reply)
        info = errs[0].find(q("error-info"))
        assert info is not None and info.findtext(q("bad-attribute")) == "message-id", ET.tostring(reply)
        assert info.findtext(q("bad-element")) == "rpc", ET.tostring(reply)
        # The same session still works and candidate did not get the edit.
        reply = s.request(rpc(f"<get-config><source><candidate/></source></get-config>", "2"), timeout=30)
        assert "no-id" not in ET.tostring(reply).decode()


# -- lock / unlock -------------------------------------------------------------------


def test_lock_denied_names_the_holder(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    assert_ok(a.lock("candidate"))
    reply = b.lock("candidate")
    err = one_error(reply, "lock-denied", "protocol")
    assert error_info(err, "session-id") == str(a.session_id), show(reply)
    assert_ok(a.unlock("candidate"))
    assert_ok(b.lock("candidate"))
    assert_ok(b.unlock("candidate"))


def test_lock_running_and_startup_denied_to_second_session(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    for target in ("running", "startup"):
        assert_ok(a.lock(target))
        err = one_error(b.lock(target), "lock-denied", "protocol")
        assert error_info(err, "session-id") == str(a.session_id)
        assert_ok(a.unlock(target))


def test_edit_of_datastore_locked_by_other_session_is_in_use(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    assert_ok(a.lock("candidate"))
    reply = edit(b, system("<contact>intruder</contact>"))
    one_error(reply, "in-use", "protocol")
    reply = b.copy_config(source="running", target="candidate")
    one_error(reply, "in-use", "protocol")
    reply = b.discard_changes()
    one_error(reply, "in-use", "protocol")
    # The holder may edit and commit.
    edit_ok(a, system("<contact>holder</contact>"))
    assert_ok(a.commit())
    assert contact(b, "running") == "holder"
    assert_ok(a.unlock("candidate"))


def test_commit_by_other_session_while_running_locked_is_in_use(ds, nc):
    """RFC 6241 §7.5: a lock on running keeps other sessions from changing it, commit included."""
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>before</contact>"))
    assert_ok(a.lock("running"))
    edit_ok(b, system("<contact>from-b</contact>"))
    one_error(b.commit(), "in-use", "protocol")
    assert contact(a, "running") == "before"
    assert_ok(a.unlock("running"))
    assert_ok(b.commit())
    assert contact(a, "running") == "from-b"


def test_lock_refused_on_dirty_candidate(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    edit_ok(a, system("<contact>uncommitted</contact>"))
    err = one_error(b.lock("candidate"), "lock-denied", "protocol")
    # No session holds the lock; RFC 6241 §7.5 allows 0 ("not a NETCONF session"),
    # meridiand names the session whose changes are uncommitted. Either is fine.
    assert error_info(err, "session-id") in ("0", str(a.session_id)), etree.tostring(err)
    assert_ok(a.discard_changes())
    assert_ok(b.lock("candidate"))
    assert_ok(b.unlock("candidate"))


def test_unlock_of_the_candidate_discards_the_holders_uncommitted_changes(ds, nc):
    """RFC 6241 §8.3.5.2, and what Ansible's netconf_config does (lock, edit, commit refused,
    unlock): the next session's lock must not find the refused edits."""
    a, b = session(nc, ds), session(nc, ds)
    commit_config(a, system("<contact>committed</contact>"))
    assert_ok(a.lock("candidate"))
    edit_ok(a, system("<contact>never-committed</contact>"))
    assert contact(a, "candidate") == "never-committed"
    assert_ok(a.unlock("candidate"))
    assert contact(b, "candidate") == "committed"
    assert_ok(b.lock("candidate"))
    assert_ok(b.unlock("candidate"))
    assert contact(b, "running") == "committed"


def test_unlock_by_non_holder_fails(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    assert_ok(a.lock("candidate"))
    one_error(b.unlock("candidate"), "operation-failed", "protocol")
    # Still locked by a.
    err = one_error(b.lock("candidate"), "lock-denied")
    assert error_info(err, "session-id") == str(a.session_id)
    assert_ok(a.unlock("candidate"))


def test_unlock_when_not_locked_fails(ds, nc):
    m = session(nc, ds)
    one_error(m.unlock("candidate"), "operation-failed", "protocol")


def test_lock_released_when_session_ends(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    assert_ok(a.lock("candidate"))
    assert_ok(a.lock("running"))
    a.close_session()
    from datastore_util import wait_until

    def b_locks():
        r = b.lock("candidate")
        return r if not rpc_errors(r) else None

    wait_until(b_locks, 15, 0.2, "candidate lock released after the holder closed")
    assert_ok(b.lock("running"))
    assert_ok(b.unlock("candidate"))
    assert_ok(b.unlock("running"))


def test_lock_on_locked_by_self_is_lock_denied(ds, nc):
    m = session(nc, ds)
    assert_ok(m.lock("candidate"))
    err = one_error(m.lock("candidate"), "lock-denied", "protocol")
    assert error_info(err, "session-id") == str(m.session_id)
    assert_ok(m.unlock("candidate"))


# -- validate / commit / discard-changes ----------------------------------------


def test_validate_valid_candidate(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("a"))), interfaces(interface("eth0")))
    assert_ok(m.validate("candidate"))


def test_validate_inline_config(ds, nc):
    m = session(nc, ds)
    good = config(system("<contact>x</contact>"))
    assert_ok(dispatch(m, f'<validate xmlns="{NC}"><source>{good}</source></validate>'))
    bad = config(interfaces(interface("eth9", None)))
    reply = dispatch(m, f'<validate xmlns="{NC}"><source>{bad}</source></validate>')
    assert rpc_errors(reply), show(reply)


def test_validate_invalid_candidate_lists_every_error(ds, nc):
    m = session(nc, ds)
    # The candidate may hold incomplete data (ARCHITECTURE.md): three separate problems.
    edit_ok(
        m,
        interfaces(interface("eth0", None), interface("eth1", None)),
        system(ntp(ntp_server("b", None))),
    )
    reply = m.validate("candidate")
    errs = rpc_errors(reply)
    assert len(errs) == 3, f"expected 3 rpc-error elements (eth0 type, eth1 type, server b transport):\n{show(reply)}"
    paths = sorted(error_field(e, "error-path").strip() for e in errs)
    assert paths == [
        "/ietf-interfaces:interfaces/interface[name='eth0']",
        "/ietf-interfaces:interfaces/interface[name='eth1']",
        "/ietf-system:system/ntp/server[name='b']",
    ], show(reply)
    for e in errs:
        assert error_field(e, "error-type") == "application", show(reply)
        assert error_field(e, "error-severity") == "error"
        for prefix, ns in error_path_prefixes(e).items():
            assert ns == {"ietf-interfaces": IF, "ietf-system": SYS}[prefix], show(reply)


MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"
YANG_NS = "urn:ietf:params:xml:ns:yang:1"


def test_validate_missing_mandatory_choice_is_data_missing(ds, nc):
    """RFC 7950 §15.6: error-tag data-missing, error-app-tag missing-choice,
    error-info <missing-choice> (YANG namespace) naming the choice."""
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("b", None))))  # the candidate may be incomplete
    err = one_error(m.validate("candidate"), "data-missing", "application")
    assert error_field(err, "error-app-tag") == "missing-choice", etree.tostring(err)
    assert error_field(err, "error-path").strip() == "/ietf-system:system/ntp/server[name='b']", etree.tostring(err)
    info = err.find(f"{{{NC}}}error-info")
    assert info is not None and info.findtext(f"{{{YANG_NS}}}missing-choice") == "transport", etree.tostring(err)


def test_validate_dangling_leafref_is_data_missing(ds, nc):
    """RFC 7950 §15.5: a leafref to a missing instance is data-missing / instance-required,
    with the leafref leaf as error-path (prefixes of both modules declared)."""
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("a", extra=f'<source-interface xmlns="{MNTP}">eth-missing</source-interface>'))))
    err = one_error(m.validate("candidate"), "data-missing", "application")
    assert error_field(err, "error-app-tag") == "instance-required", etree.tostring(err)
    assert error_field(err, "error-path").strip() == (
        "/ietf-system:system/ntp/server[name='a']/meridian-ntp:source-interface"), etree.tostring(err)
    assert error_path_prefixes(err) == {"ietf-system": SYS, "meridian-ntp": MNTP}, etree.tostring(err)


def test_validate_must_violation_carries_its_app_tag(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system(ntp(ntp_server("c", extra=f'<minpoll xmlns="{MNTP}">8</minpoll><maxpoll xmlns="{MNTP}">7</maxpoll>'))))
    errs = rpc_errors(m.validate("candidate"))
    assert len(errs) == 1, [etree.tostring(e) for e in errs]
    assert error_field(errs[0], "error-app-tag") == "maxpoll-below-minpoll", etree.tostring(errs[0])
    assert error_field(errs[0], "error-message") == "maxpoll: maxpoll must not be smaller than minpoll (server c)"
    assert error_field(errs[0], "error-path").strip().endswith("server[name='c']/meridian-ntp:maxpoll")


def test_commit_of_invalid_candidate_is_refused_and_running_unchanged(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>good</contact>"))
    before = canonical(get_config(m, "running"))
    edit_ok(m, system("<contact>bad</contact>"), interfaces(interface("eth0", None)))
    reply = m.commit()
    errs = rpc_errors(reply)
    assert errs, show(reply)
    assert any(error_field(e, "error-path").strip() == "/ietf-interfaces:interfaces/interface[name='eth0']" for e in errs), show(reply)
    assert canonical(get_config(m, "running")) == before
    # The candidate keeps the edit so the operator can fix it.
    assert contact(m, "candidate") == "bad"


def test_discard_changes_restores_candidate_from_running(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>committed</contact>"))
    edit_ok(m, system("<contact>scratch</contact>"))
    assert_ok(m.discard_changes())
    assert canonical(get_config(m, "candidate")) == canonical(get_config(m, "running"))


def test_commit_visible_to_other_session(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    edit_ok(a, interfaces(interface("eth0", extra="<description>uplink</description>")))
    assert_ok(a.commit())
    assert text_at(get_config(b, "running"), "if:interfaces/if:interface/if:description") == ["uplink"]


# -- copy-config / delete-config -------------------------------------------------


def test_copy_config_inline_to_candidate(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<contact>gone</contact>"))
    assert_ok(copy_inline(m, "candidate", system("<location>inline</location>")))
    data = get_config(m, "candidate")
    assert text_at(data, "sys:system/sys:location") == ["inline"]
    assert text_at(data, "sys:system/sys:contact") == []


def test_copy_config_running_to_candidate(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>r</contact>"))
    edit_ok(m, system("<contact>c</contact>"))
    assert_ok(m.copy_config(source="running", target="candidate"))
    assert contact(m, "candidate") == "r"


def test_copy_config_inline_invalid_value_refused(ds, nc):
    m = session(nc, ds)
    reply = copy_inline(m, "candidate", system(ntp(extra="<enabled>sometimes</enabled>")))
    one_error(reply, "invalid-value", "application")


def test_copy_running_to_startup_and_delete_startup(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>boot</contact>"), interfaces(interface("lo", "softwareLoopback")))
    assert_ok(m.copy_config(source="running", target="startup"))
    assert canonical(get_config(m, "startup")) == canonical(get_config(m, "running"))
    startup_file = Path(ds.state_dir) / "startup.xml"
    assert startup_file.exists(), "copy-config to startup must persist startup.xml"
    # Later commits do not change startup.
    commit_config(m, system("<contact>later</contact>"))
    assert text_at(get_config(m, "startup"), "sys:system/sys:contact") == ["boot"]
    assert_ok(m.delete_config("startup"))
    assert not startup_file.exists(), "delete-config startup must remove startup.xml"
    # RFC 6241 does not say what get-config of a deleted startup returns: meridiand
    # answers an rpc-error; empty data would do too. It must not return the old contents.
    reply = m.get_config(source="startup")
    data = xml_of(reply).find(f"{{{NC}}}data")
    assert rpc_errors(reply) or (data is not None and len(data) == 0), show(reply)
    # running is untouched by delete-config startup.
    assert contact(m, "running") == "later"


def test_copy_candidate_to_startup(ds, nc):
    m = session(nc, ds)
    edit_ok(m, system("<location>from-candidate</location>"))
    assert_ok(m.copy_config(source="candidate", target="startup"))
    assert text_at(get_config(m, "startup"), "sys:system/sys:location") == ["from-candidate"]
    assert_ok(m.delete_config("startup"))


def test_delete_config_running_is_refused(ds, nc):
    m = session(nc, ds)
    commit_config(m, system("<contact>stay</contact>"))
    reply = m.delete_config("running")
    assert rpc_errors(reply), show(reply)
    assert contact(m, "running") == "stay"


def test_copy_config_to_startup_locked_by_other_is_in_use(ds, nc):
    a, b = session(nc, ds), session(nc, ds)
    assert_ok(a.lock("startup"))
    one_error(b.copy_config(source="running", target="startup"), "in-use", "protocol")
    one_error(b.delete_config("startup"), "in-use", "protocol")
    assert_ok(a.unlock("startup"))


# -- filtering (RFC 6241 §6) -------------------------------------------------------


@pytest.fixture
def filter_data(ds, nc):
    m = session(nc, ds)
    commit_config(
        m,
        system(
            "<contact>noc</contact><location>rack 4</location>"
            + ntp(ntp_server("a", "192.0.2.1", "<iburst>true</iburst>"), ntp_server("b", "192.0.2.2"),
                  ntp_server("c", "192.0.2.3", "<iburst>true</iburst><prefer>true</prefer>"))
        ),
        interfaces(
            interface("eth0", extra="<description>uplink</description>"),
            interface("eth1", extra="<description>spare</description><enabled>false</enabled>"),
            interface("lo", "softwareLoopback"),
        ),
    )
    return m


def subtree(m, inner: str, source: str = "running") -> etree._Element:
    return get_config(m, source, filter=("subtree", inner))


def test_subtree_selection_node_returns_whole_subtree(filter_data):
    m = filter_data
    data = subtree(m, f'<system xmlns="{SYS}"><ntp/></system>')
    assert [c.tag for c in data] == [f"{{{SYS}}}system"]
    system_el = data[0]
    assert [c.tag for c in system_el] == [f"{{{SYS}}}ntp"], etree.tostring(data)
    assert sorted(text_at(data, "sys:system/sys:ntp/sys:server/sys:name")) == ["a", "b", "c"]
    assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='c']/sys:prefer") == ["true"]


def test_subtree_content_match_on_key_selects_one_entry(filter_data):
    m = filter_data
    data = subtree(m, f'<interfaces xmlns="{IF}"><interface><name>eth1</name></interface></interfaces>')
    assert text_at(data, "if:interfaces/if:interface/if:name") == ["eth1"]
    # No selection nodes in the entry: the whole entry is returned (§6.2.5).
    assert text_at(data, "if:interfaces/if:interface/if:description") == ["spare"]
    assert text_at(data, "if:interfaces/if:interface/if:enabled") == ["false"]
    assert data.find(f"{{{SYS}}}system") is None


def test_subtree_content_match_with_selection_returns_only_selected(filter_data):
    m = filter_data
    data = subtree(m, f'<interfaces xmlns="{IF}"><interface><name>eth0</name><description/></interface></interfaces>')
    entry = data.find(f"{{{IF}}}interfaces/{{{IF}}}interface")
    assert entry is not None, etree.tostring(data)
    assert sorted(etree.QName(c).localname for c in entry) == ["description", "name"], etree.tostring(data)
    assert entry.findtext(f"{{{IF}}}description") == "uplink"


def test_subtree_content_match_on_non_key_leaf(filter_data):
    m = filter_data
    data = subtree(m, f'<system xmlns="{SYS}"><ntp><server><iburst>true</iburst><name/></server></ntp></system>')
    servers = data.findall(f"{{{SYS}}}system/{{{SYS}}}ntp/{{{SYS}}}server")
    assert sorted(s.findtext(f"{{{SYS}}}name") for s in servers) == ["a", "c"], etree.tostring(data)
    for s in servers:
        # The content-match node and the selection node only.
        assert sorted(etree.QName(c).localname for c in s) == ["iburst", "name"], etree.tostring(data)


def test_subtree_leaf_inside_list_entries_comes_with_each_entrys_key(filter_data):
    """RFC 6241 §6.2.5 as every major server reads it: a selected leaf inside list entries
    comes with its entry's keys, so the reply says which entry it belongs to."""
    m = filter_data
    data = subtree(m, f'<interfaces xmlns="{IF}"><interface><description/></interface></interfaces>')
    entries = data.findall(f"{{{IF}}}interfaces/{{{IF}}}interface")
    pairs = sorted((e.findtext(f"{{{IF}}}name"), e.findtext(f"{{{IF}}}description")) for e in entries)
    assert pairs == [("eth0", "uplink"), ("eth1", "spare")], etree.tostring(data)
    for e in entries:
        assert sorted(etree.QName(c).localname for c in e) == ["description", "name"], etree.tostring(data)
    reply = m.get(filter=("subtree", f'<system xmlns="{SYS}"><ntp><server><iburst/></server></ntp></system>'))
    state = xml_of(reply).find(f"{{{NC}}}data")
    servers = state.findall(f"{{{SYS}}}system/{{{SYS}}}ntp/{{{SYS}}}server")
    assert sorted(s.findtext(f"{{{SYS}}}name") for s in servers) == ["a", "c"], etree.tostring(state)


def test_default_operation_none_with_data_the_target_lacks_is_data_missing(ds, nc):
    """RFC 6241 §7.2: with default-operation none, configuration without a counterpart in
    the target is data-missing, and nothing changes."""
    m = session(nc, ds)
    commit_config(m, system("<contact>kept</contact>"))
    reply = edit(m, system("<location>new-place</location>"), default_operation="none")
    one_error(reply, "data-missing", "application")
    assert contact(m, "candidate") == "kept"
    assert text_at(get_config(m, "candidate"), "sys:system/sys:location") == []


def test_subtree_multiple_subtrees_and_no_match(filter_data):
    m = filter_data
    reply = dispatch(
        m,
        f'<get-config xmlns="{NC}"><source><running/></source><filter type="subtree">'
        f'<system xmlns="{SYS}"><contact/></system>'
        f'<interfaces xmlns="{IF}"><interface><name>nope</name></interface></interfaces>'
        f"</filter></get-config>",
    )
    data = xml_of(reply).find(f"{{{NC}}}data")
    assert data is not None, show(reply)
    assert text_at(data, "sys:system/sys:contact") == ["noc"]
    assert text_at(data, "sys:system/sys:location") == []
    assert data.find(f"{{{IF}}}interfaces") is None, etree.tostring(data)


def test_subtree_wrong_namespace_selects_nothing(filter_data):
    m = filter_data
    data = subtree(m, f'<system xmlns="{IF}"/>')
    assert len(data) == 0, etree.tostring(data)


def test_subtree_empty_filter_selects_nothing(filter_data):
    m = filter_data
    reply = dispatch(m, f'<get-config xmlns="{NC}"><source><running/></source><filter type="subtree"/></get-config>')
    data = xml_of(reply).find(f"{{{NC}}}data")
    assert data is not None and len(data) == 0, show(reply)


def test_subtree_filter_on_get_includes_config(filter_data):
    m = filter_data
    reply = m.get(filter=("subtree", f'<system xmlns="{SYS}"><location/></system>'))
    data = xml_of(reply).find(f"{{{NC}}}data")
    assert text_at(data, "sys:system/sys:location") == ["rack 4"], show(reply)


def test_xpath_filter_with_prefixes(filter_data):
    m = filter_data
    reply = dispatch(
        m,
        f'<get-config xmlns="{NC}"><source><running/></source>'
        f'<filter type="xpath" xmlns:s="{SYS}" xmlns:i="{IF}" '
        f"select=\"/s:system/s:ntp/s:server[s:name='b'] | /i:interfaces/i:interface[i:enabled='false']/i:description\"/>"
        f"</get-config>",
    )
    data = xml_of(reply).find(f"{{{NC}}}data")
    assert data is not None, show(reply)
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:name") == ["b"], show(reply)
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:udp/sys:address") == ["192.0.2.2"], show(reply)
    assert text_at(data, "if:interfaces/if:interface/if:description") == ["spare"], show(reply)
    assert text_at(data, "if:interfaces/if:interface/if:name") == ["eth1"], "list keys are included for a selected descendant"
    assert text_at(data, "sys:system/sys:contact") == []


def test_xpath_filter_through_netconf_console(filter_data, ds, creds):
    r = run_console(ds, creds, ["--get-config", "-x", "/s:system/s:location", "-N", f"s={SYS}"])
    assert r.returncode == 0, r.stdout + r.stderr
    data = etree.fromstring(r.stdout.encode())
    assert text_at(data, "sys:system/sys:location") == ["rack 4"], r.stdout
    assert text_at(data, "sys:system/sys:contact") == [], r.stdout


def test_xpath_filter_unknown_prefix_is_an_error(filter_data):
    m = filter_data
    reply = dispatch(
        m,
        f'<get-config xmlns="{NC}"><source><running/></source><filter type="xpath" select="/nope:system"/></get-config>',
    )
    assert rpc_errors(reply), show(reply)


# -- with-defaults (RFC 6243) ---------------------------------------------------


@pytest.fixture
def wd_data(ds, nc):
    m = session(nc, ds)
    commit_config(
        m,
        system(ntp(ntp_server("a", "192.0.2.1"), ntp_server("b", "192.0.2.2", "<iburst>false</iburst>"))),
        interfaces(interface("eth0"), interface("eth1", extra="<enabled>true</enabled>")),
    )
    return m


def test_with_defaults_explicit_is_basic_mode(wd_data):
    m = wd_data
    assert any("with-defaults:1.0?basic-mode=explicit" in c for c in m.server_capabilities)
    for data in (get_config(m), get_config(m, with_defaults="explicit")):
        assert text_at(data, "sys:system/sys:ntp/sys:enabled") == [], etree.tostring(data)
        assert text_at(data, "if:interfaces/if:interface[if:name='eth0']/if:enabled") == []
        # Set explicitly to its default value: explicit mode reports it.
        assert text_at(data, "if:interfaces/if:interface[if:name='eth1']/if:enabled") == ["true"]
        assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='b']/sys:iburst") == ["false"]
        assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='a']/sys:udp/sys:port") == []


def test_with_defaults_report_all_shows_defaults(wd_data):
    m = wd_data
    data = get_config(m, with_defaults="report-all")
    assert text_at(data, "sys:system/sys:ntp/sys:enabled") == ["true"], etree.tostring(data)
    assert text_at(data, "if:interfaces/if:interface[if:name='eth0']/if:enabled") == ["true"]
    assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='a']/sys:udp/sys:port") == ["123"]
    assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='a']/sys:association-type") == ["server"]
    assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='a']/sys:iburst") == ["false"]


def test_with_defaults_report_all_tagged_marks_defaults(wd_data):
    m = wd_data
    data = get_config(m, with_defaults="report-all-tagged")
    attr = f"{{{WD_ATTR_NS}}}default"
    ntp_enabled = data.find(f"{{{SYS}}}system/{{{SYS}}}ntp/{{{SYS}}}enabled")
    assert ntp_enabled is not None and ntp_enabled.text == "true", etree.tostring(data)
    assert ntp_enabled.get(attr) == "true", etree.tostring(ntp_enabled)
    eth0 = data.xpath("if:interfaces/if:interface[if:name='eth0']/if:enabled", namespaces=NS)
    assert len(eth0) == 1 and eth0[0].get(attr) == "true", etree.tostring(data)
    # RFC 6243 §3.4: a node set to its default value is tagged too.
    eth1 = data.xpath("if:interfaces/if:interface[if:name='eth1']/if:enabled", namespaces=NS)
    assert len(eth1) == 1 and eth1[0].get(attr) == "true", etree.tostring(data)
    # A non-default value is not tagged.
    names = data.xpath("if:interfaces/if:interface/if:name", namespaces=NS)
    assert all(n.get(attr) is None for n in names)


def test_with_defaults_trim_drops_default_values(wd_data):
    m = wd_data
    data = get_config(m, with_defaults="trim")
    assert text_at(data, "if:interfaces/if:interface[if:name='eth1']/if:enabled") == [], etree.tostring(data)
    assert text_at(data, "sys:system/sys:ntp/sys:server[sys:name='b']/sys:iburst") == []
    assert text_at(data, "sys:system/sys:ntp/sys:enabled") == []
    assert sorted(text_at(data, "if:interfaces/if:interface/if:name")) == ["eth0", "eth1"]


def test_with_defaults_report_all_through_netconf_console(wd_data, ds, creds):
    r = run_console(ds, creds, ["--with-defaults", "report-all", "--get-config", "-x", "/i:interfaces", "-N", f"i={IF}"])
    assert r.returncode == 0, r.stdout + r.stderr
    data = etree.fromstring(r.stdout.encode())
    assert text_at(data, "if:interfaces/if:interface[if:name='eth0']/if:enabled") == ["true"], r.stdout


def test_with_defaults_unknown_mode_is_an_error(wd_data):
    m = wd_data
    reply = dispatch(
        m,
        f'<get-config xmlns="{NC}"><source><running/></source>'
        f'<with-defaults xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults">everything</with-defaults></get-config>',
    )
    err = rpc_errors(reply)
    # An enumeration value the RPC input does not define: App. A fits either tag.
    assert err and error_field(err[0], "error-tag") in ("invalid-value", "bad-element"), show(reply)


# -- netconf-console2 as a second client --------------------------------------


def console() -> str:
    beside = Path(sys.executable).with_name("netconf-console2")
    found = str(beside) if beside.exists() else shutil.which("netconf-console2")
    assert found, "netconf-console2 is not installed"
    return found


def run_console(d, creds, args: list[str], timeout: float = 90) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=os.environ.get("HOME", "/root"))
    return subprocess.run(
        [console(), "--host", "127.0.0.1", "--port", str(d.port), "-u", creds.password_user, "-p", creds.password, *args],
        capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL,
    )


def test_netconf_console_edit_commit_and_copy_to_startup(ds, nc, creds, tmp_path):
    f = tmp_path / "edit.xml"
    f.write_text(system("<location>console-lab</location>" + ntp(ntp_server("console", "192.0.2.77"))))
    r = run_console(ds, creds, ["--db", "candidate", "--edit-config", str(f), "--commit"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "rpc-error" not in r.stdout, r.stdout
    m = session(nc, ds)
    data = get_config(m)
    assert text_at(data, "sys:system/sys:location") == ["console-lab"]
    assert text_at(data, "sys:system/sys:ntp/sys:server/sys:udp/sys:address") == ["192.0.2.77"]
    r = run_console(ds, creds, ["--copy-running-to-startup"])
    assert r.returncode == 0 and "rpc-error" not in r.stdout, r.stdout + r.stderr
    assert canonical(get_config(m, "startup")) == canonical(data)
    assert_ok(m.delete_config("startup"))


def test_netconf_console_sees_lock_denied(ds, nc, creds):
    m = session(nc, ds)
    assert_ok(m.lock("candidate"))
    r = run_console(ds, creds, ["--db", "candidate", "--lock"])
    assert "lock-denied" in r.stdout + r.stderr, r.stdout + r.stderr
    assert str(m.session_id) in r.stdout + r.stderr
    assert_ok(m.unlock("candidate"))
