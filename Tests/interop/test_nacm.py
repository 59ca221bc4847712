"""NACM (RFC 8341) on the real daemon, over SSH, with three real users.

The rule set is RFC 8341 Appendix A's example adapted to Meridian's modules:

- group `admin` (admin): rule-list `admin-acl`, permit-all;
- group `limited` (wilma): rule-list `limited-acl`, may create/update the hostname
  (`/ietf-system:system/hostname`), nothing else written;
- group `guest` (guest): rule-list `guest-acl`, denied everything of
  ietf-netconf-monitoring (the example's `deny-ncm`, here also its `get-schema`) and
  reading `/ietf-system:system/ntp`.

The module defaults apply otherwise: read permit, write deny, exec permit, and the
built-in default-deny-all of kill-session, delete-config, /nacm and the NTP key secrets.
No user here is a recovery user: the daemon is started with `recovery_users=[]`.
"""
from __future__ import annotations

from pathlib import Path

import subprocess
import sys

import pytest
from ncclient import manager
from ncclient.operations import RPCError

import harness
from ntp_lab import free_udp_port

SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"
NACM = "urn:ietf:params:xml:ns:yang:ietf-netconf-acm"
NCM = "urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"
SECRET = "00112233445566778899aabbccddeeff"
PASSWORDS = {"admin": "admin-secret-1", "wilma": "wilma-secret-1", "guest": "guest-secret-1"}


def rule(name: str, action: str, ops: str = "*", module: str = "*", path: str | None = None,
         rpc: str | None = None) -> str:
    # A node-instance-identifier in XML takes the XML prefixes declared in scope.
    target = f'<path xmlns:sys="{SYS}">{path}</path>' if path else (f"<rpc-name>{rpc}</rpc-name>" if rpc else "")
    return (f"<rule><name>{name}</name><module-name>{module}</module-name>{target}"
            f"<access-operations>{ops}</access-operations><action>{action}</action></rule>")


def nacm(enabled: bool = True, admin_users: tuple[str, ...] = ("admin",)) -> str:
    users = "".join(f"<user-name>{u}</user-name>" for u in admin_users)
    return f"""<nacm xmlns="{NACM}">
  <enable-nacm>{'true' if enabled else 'false'}</enable-nacm>
  <groups>
    <group><name>admin</name>{users}</group>
    <group><name>limited</name><user-name>wilma</user-name></group>
    <group><name>guest</name><user-name>guest</user-name></group>
  </groups>
  <rule-list><name>guest-acl</name><group>guest</group>
    {rule("deny-ncm", "deny", module="ietf-netconf-monitoring")}
    {rule("deny-ntp", "deny", ops="read", module="ietf-system", path="/sys:system/sys:ntp")}
  </rule-list>
  <rule-list><name>limited-acl</name><group>limited</group>
    {rule("permit-hostname", "permit", ops="create update", module="ietf-system", path="/sys:system/sys:hostname")}
  </rule-list>
  <rule-list><name>admin-acl</name><group>admin</group>{rule("permit-all", "permit")}</rule-list>
</nacm>"""


CONFIG = f"""<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">
  <system xmlns="{SYS}"><hostname>r1</hostname><location>lab</location><ntp>
    <authentication xmlns="{MNTP}"><key><key-id>7</key-id><algorithm>aes-cmac</algorithm>
      <hex-key>{SECRET}</hex-key></key></authentication>
  </ntp></system>
  {nacm()}
</config>"""


@pytest.fixture
def nacm_daemon(tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    for user, password in PASSWORDS.items():
        harness.add_password_user(state, user, password)
    config = tmp_path / "config.xml"
    config.write_text(CONFIG)
    d = harness.Daemon(state, ["--initial-config", str(config)], name="nacm", recovery_users=[])
    d.start()
    yield d
    harness.stop_all([d])


@pytest.fixture
def login(nacm_daemon):
    sessions = []

    def connect(user: str):
        m = manager.connect(host="127.0.0.1", port=nacm_daemon.port, username=user, password=PASSWORDS[user],
                            hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)
        sessions.append(m)
        return m

    yield connect
    for m in sessions:
        try:
            if m.connected:
                m.close_session()
        except Exception:
            pass


def edit(m, body: str):
    return m.edit_config(target="candidate", config=f'<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">{body}</config>')


def hostname(name: str) -> str:
    return f'<system xmlns="{SYS}"><hostname>{name}</hostname></system>'


def denied(call, error_type: str) -> RPCError:
    with pytest.raises(RPCError) as caught:
        call()
    assert caught.value.tag == "access-denied", caught.value
    assert caught.value.type == error_type, caught.value
    return caught.value


def counters(admin) -> dict[str, int]:
    reply = admin.get(filter=("subtree", f'<nacm xmlns="{NACM}"/>')).data_xml
    return {name: int(reply.split(f"<{name}>")[1].split("<")[0])
            for name in ("denied-operations", "denied-data-writes", "denied-notifications")}


def test_appendix_a_rule_set_gives_the_access_it_describes(login):
    admin, wilma, guest = login("admin"), login("wilma"), login("guest")
    assert any(c.startswith(NACM + "?module=ietf-netconf-acm") for c in admin.server_capabilities), \
        list(admin.server_capabilities)

    # Reads: secrets and /nacm for admin only; guest does not see /system/ntp at all.
    everything = admin.get_config(source="running").data_xml
    assert SECRET in everything and "<rule-list>" in everything
    for m in (wilma, guest):
        text = m.get_config(source="running").data_xml
        assert SECRET not in text and "hex-key" not in text and "enable-nacm" not in text, text
        assert "<hostname>r1</hostname>" in text
    assert "<key-id>7</key-id>" in wilma.get_config(source="running").data_xml
    assert "authentication" not in guest.get_config(source="running").data_xml
    # <get> and filters never reveal what is unreadable either.
    assert SECRET not in wilma.get().data_xml
    assert SECRET not in wilma.get(filter=("subtree", f'<system xmlns="{SYS}"><ntp/></system>')).data_xml
    # deny-ncm: guest gets no monitoring data and may not run get-schema.
    assert "netconf-state" in wilma.get(filter=("subtree", f'<netconf-state xmlns="{NCM}"/>')).data_xml
    assert "netconf-state" not in guest.get(filter=("subtree", f'<netconf-state xmlns="{NCM}"/>')).data_xml
    denied(lambda: guest.get_schema("ietf-system"), "protocol")

    # Writes: wilma may change the hostname, nothing else; guest nothing.
    before = counters(admin)
    edit(wilma, hostname("r2"))
    wilma.commit()
    assert "<hostname>r2</hostname>" in admin.get_config(source="running").data_xml
    denied(lambda: edit(wilma, f'<system xmlns="{SYS}"><location>roof</location></system>'), "application")
    denied(lambda: edit(guest, hostname("r3")), "application")
    # kill-session is default-deny-all: denied to wilma, permitted to admin.
    denied(lambda: wilma.kill_session(guest.session_id), "protocol")
    after = counters(admin)
    assert after["denied-data-writes"] == before["denied-data-writes"] + 2, (before, after)
    assert after["denied-operations"] == before["denied-operations"] + 1, (before, after)
    assert after["denied-notifications"] == 0

    # RFC 8341 §3.4.5: a commit needs write access to every change in the shared candidate,
    # other sessions' edits included.
    edit(admin, f'<system xmlns="{SYS}"><location>roof</location></system>')
    denied(lambda: wilma.commit(), "application")
    admin.commit()
    assert "<location>roof</location>" in wilma.get_config(source="running").data_xml

    admin.kill_session(guest.session_id)


def test_rights_change_on_the_next_rpc_after_a_commit_to_nacm(login):
    admin, wilma = login("admin"), login("wilma")
    assert SECRET not in wilma.get_config(source="running").data_xml
    edit(admin, f'<nacm xmlns="{NACM}"><groups><group><name>admin</name><user-name>wilma</user-name></group></groups></nacm>')
    assert SECRET not in wilma.get_config(source="running").data_xml, "rights changed before the commit"
    admin.commit()
    assert SECRET in wilma.get_config(source="running").data_xml
    edit(wilma, f'<system xmlns="{SYS}"><location>roof</location></system>')
    wilma.commit()


def test_enable_nacm_false_restores_full_access(login):
    admin, guest = login("admin"), login("guest")
    denied(lambda: edit(guest, hostname("g")), "application")
    edit(admin, f'<nacm xmlns="{NACM}"><enable-nacm>false</enable-nacm></nacm>')
    admin.commit()
    assert SECRET in guest.get_config(source="running").data_xml
    edit(guest, hostname("g"))
    guest.commit()
    # Even /nacm itself: guest turns it back on, and is a guest again.
    edit(guest, f'<nacm xmlns="{NACM}"><enable-nacm>true</enable-nacm></nacm>')
    guest.commit()
    assert SECRET not in guest.get_config(source="running").data_xml


def test_recovery_user_bypasses_nacm(tmp_path):
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    harness.add_password_user(state, "rescue", "rescue-secret-1")
    config = tmp_path / "config.xml"
    config.write_text(CONFIG)
    d = harness.Daemon(state, ["--initial-config", str(config)], name="nacm-recovery", recovery_users=["rescue"])
    d.start()
    try:
        m = manager.connect(host="127.0.0.1", port=d.port, username="rescue", password="rescue-secret-1",
                            hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)
        assert SECRET in m.get_config(source="running").data_xml
        edit(m, f'<nacm xmlns="{NACM}"><enable-nacm>true</enable-nacm><read-default>deny</read-default></nacm>')
        m.commit()
        assert SECRET in m.get_config(source="running").data_xml
        m.close_session()
    finally:
        harness.stop_all([d])


def test_readonly_operator_example(nacm_daemon, login):
    example = Path(__file__).resolve().parents[2] / "examples/ncclient/nacm-readonly-operator.py"
    r = subprocess.run([sys.executable, str(example), "--port", str(nacm_daemon.port), "--password", PASSWORDS["admin"],
                        "wilma"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r
    wilma = login("wilma")
    assert "<hostname>r1</hostname>" in wilma.get_config(source="running").data_xml
    assert SECRET not in wilma.get_config(source="running").data_xml
    # wilma is in limited and operators now: no rule before operators' names edit-config, so
    # the operation itself is denied.
    denied(lambda: edit(wilma, hostname("r9")), "protocol")


def test_default_config_admin_writes_a_new_user_reads_without_secrets(tmp_path):
    """make run's examples/default-config.xml: admin may do everything; a user added with
    `meridiand user add` reads everything but key secrets and /nacm, and writes nothing."""
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    harness.add_password_user(state, "admin", PASSWORDS["admin"])
    harness.add_password_user(state, "olga", "olga-secret-1")
    default_config = Path(__file__).resolve().parents[2] / "examples/default-config.xml"
    # The default configuration serves NTP on UDP 10123; this daemon on a free port instead.
    d = harness.Daemon(state, ["--initial-config", str(default_config), "--ntp-port", str(free_udp_port("127.0.0.1"))],
                       name="nacm-default", recovery_users=[])
    d.start()
    sessions = []
    try:
        def connect(user, password):
            m = manager.connect(host="127.0.0.1", port=d.port, username=user, password=password,
                                hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)
            sessions.append(m)
            return m
        admin, olga = connect("admin", PASSWORDS["admin"]), connect("olga", "olga-secret-1")
        edit(admin, f'<system xmlns="{SYS}"><ntp><authentication xmlns="{MNTP}"><key><key-id>3</key-id>'
                    f'<algorithm>aes-cmac</algorithm><hex-key>{SECRET}</hex-key></key></authentication></ntp></system>')
        admin.commit()
        assert SECRET in admin.get_config(source="running").data_xml
        text = olga.get_config(source="running").data_xml
        assert "<hostname>meridian</hostname>" in text and "<key-id>3</key-id>" in text, text
        assert SECRET not in text and "nacm" not in text, text
        assert SECRET not in olga.get().data_xml
        denied(lambda: edit(olga, hostname("olga")), "application")
        denied(lambda: olga.kill_session(admin.session_id), "protocol")
        denied(lambda: olga.delete_config(target="startup"), "protocol")
        assert counters(admin)["denied-operations"] == 2
    finally:
        for m in sessions:
            if m.connected:
                m.close_session()
        harness.stop_all([d])
