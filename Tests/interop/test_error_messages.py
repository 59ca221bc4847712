"""Error messages name the node and its list entry, through ncclient against a real meridiand.

Many NETCONF tools (Ansible's netconf_config among them) show an operator only
`error-message`. So every YANG error starts with the node's name, says what is
wrong, and names the list entries it is in by their keys:
`minpoll: value 42 is out of range -6..17 (server lab)`. The other fields
(error-type, error-tag, error-app-tag, error-path, error-info) are what they
were before the messages changed; they are checked here too.

Each test has a daemon of its own (`make_daemon`), replaces its candidate with
one configuration and either edits it (a value libyang refuses at once) or
commits it (what only validation finds); nothing reaches running.
"""

from __future__ import annotations

from lxml import etree

from datastore_util import (
    NC, SYS, assert_ok, canonical, copy_inline, edit, error_field, error_info, error_path_prefixes,
    get_config, interface, interfaces, rpc_errors, session, show,
)

MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"
YANG = "urn:ietf:params:xml:ns:yang:1"


def m(tag: str, value: str) -> str:
    return f'<{tag} xmlns="{MNTP}">{value}</{tag}>'


def system_ntp(*content: str) -> str:
    return f'<system xmlns="{SYS}"><ntp>{"".join(content)}</ntp></system>'


def server(name: str, extra: str = "", address: str = "192.0.2.1") -> str:
    return f"<server><name>{name}</name><udp><address>{address}</address></udp>{extra}</server>"


def key(key_id: str, body: str) -> str:
    return m("authentication", f"<key><key-id>{key_id}</key-id>{body}</key>")


def only_error(reply) -> etree._Element:
    errs = rpc_errors(reply)
    assert len(errs) == 1, f"expected one rpc-error, got {len(errs)}:\n{show(reply)}"
    return errs[0]


def fields(err: etree._Element) -> dict[str, str | None]:
    return {name: (error_field(err, name) or "").strip() or None
            for name in ("error-type", "error-tag", "error-severity", "error-app-tag", "error-path", "error-message")}


def empty_candidate(mgr) -> bytes:
    """Replace the candidate with nothing and return running, to check it never changes."""
    assert_ok(copy_inline(mgr, "candidate"))
    return canonical(get_config(mgr, "running"))


def refused_commit(mgr, *fragments: str) -> etree._Element:
    """Replace the candidate with `fragments`, check validate and commit refuse it with the
    same one rpc-error, and return that error."""
    running = empty_candidate(mgr)
    assert_ok(copy_inline(mgr, "candidate", *fragments))
    validated = only_error(mgr.validate(source="candidate"))
    committed = only_error(mgr.commit())
    assert fields(validated) == fields(committed), f"validate:\n{etree.tostring(validated).decode()}\n" \
                                                   f"commit:\n{etree.tostring(committed).decode()}"
    assert canonical(get_config(mgr, "running")) == running, "a refused commit changed running"
    assert_ok(mgr.discard_changes())
    return committed


def test_bad_minpoll_names_the_range_and_the_server(make_daemon, nc):
    mgr = session(nc, make_daemon())
    empty_candidate(mgr)
    reply = edit(mgr, system_ntp(server("lab", m("minpoll", "42"))))
    assert fields(only_error(reply)) == {
        "error-type": "application",
        "error-tag": "invalid-value",
        "error-severity": "error",
        "error-app-tag": None,
        "error-path": "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:minpoll",
        "error-message": "minpoll: value 42 is out of range -6..17 (server lab)",
    }, show(reply)
    assert error_path_prefixes(only_error(reply)) == {"ietf-system": SYS, "meridian-ntp": MNTP}
    assert_ok(mgr.discard_changes())


def test_leafref_to_a_missing_key_names_the_key_and_the_server(make_daemon, nc):
    mgr = session(nc, make_daemon())
    err = refused_commit(mgr, system_ntp(server("lab", m("key-id", "9"))))
    assert fields(err) == {
        "error-type": "application",
        "error-tag": "data-missing",
        "error-severity": "error",
        "error-app-tag": "instance-required",
        "error-path": "/ietf-system:system/ntp/server[name='lab']/meridian-ntp:key-id",
        "error-message": "key-id: no key 9 for this value to refer to (/system/ntp/authentication/key/key-id) (server lab)",
    }, etree.tostring(err).decode()


def test_missing_mandatory_leaf_names_the_leaf_and_the_entry(make_daemon, nc):
    mgr = session(nc, make_daemon())
    err = refused_commit(mgr, system_ntp(key("9", "<hex-key>0a1b</hex-key>")))
    assert fields(err) == {
        "error-type": "application",
        "error-tag": "missing-element",
        "error-severity": "error",
        "error-app-tag": None,
        "error-path": "/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='9']",
        "error-message": "algorithm: mandatory leaf is missing (key 9)",
    }, etree.tostring(err).decode()
    assert error_info(err, "bad-element") == "algorithm", etree.tostring(err).decode()

    # The same for an interface, and for a mandatory choice (RFC 7950 §15.6 data-missing).
    err = refused_commit(mgr, interfaces(interface("lo-a", if_type=None)))
    assert error_field(err, "error-message") == "type: mandatory leaf is missing (interface lo-a)", etree.tostring(err)
    assert error_field(err, "error-path").strip() == "/ietf-interfaces:interfaces/interface[name='lo-a']"
    err = refused_commit(mgr, system_ntp("<server><name>lab</name></server>"))
    assert error_field(err, "error-message") == "transport: mandatory choice is missing, give udp (server lab)", \
        etree.tostring(err)
    assert error_field(err, "error-tag") == "data-missing" and error_field(err, "error-app-tag") == "missing-choice"
    info = err.find(f"{{{NC}}}error-info")
    assert info is not None and info.findtext(f"{{{YANG}}}missing-choice") == "transport", etree.tostring(err)


def test_bad_enumeration_lists_the_values_and_names_the_key(make_daemon, nc):
    mgr = session(nc, make_daemon())
    empty_candidate(mgr)
    reply = edit(mgr, system_ntp(key("9", "<algorithm>sha512</algorithm><hex-key>0a1b</hex-key>")))
    assert fields(only_error(reply)) == {
        "error-type": "application",
        "error-tag": "invalid-value",
        "error-severity": "error",
        "error-app-tag": None,
        "error-path": "/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='9']/algorithm",
        "error-message": 'algorithm: value "sha512" is not one of md5, sha1, hmac-sha256, aes-cmac (key 9)',
    }, show(reply)
    assert_ok(mgr.discard_changes())
