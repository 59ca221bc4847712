"""Issue #20, secrets at rest: the NTP keys' secret values are never in clear in the
state directory, and never in the log.

A real meridiand is configured over NETCONF with a distinctive SHA-1 key (hex) that
authenticates its association with chronyd (-x, local stratum 2, the same key in its key
file, as in test_ntp_auth.py) and a distinctive ascii key. Running, startup (copy-config)
and the rollback record of a pending confirmed commit are written; the state directory
then holds neither value in any form (as written, hex, base64). After a restart the key
still authenticates chronyd's packets and <get-config> returns the values configured. A
copy of the state directory without its host secret does not start, and says why.
"""

from __future__ import annotations

import base64
import secrets
import shutil
from pathlib import Path

import pytest
from lxml import etree

import harness
from datastore_util import NC, assert_ok, dispatch, edit, get_config, rpc_errors, session
from harness import Daemon, DaemonDied
from ntp_fixtures import started  # noqa: F401  (fixture)
from ntp_lab import Chrony, free_udp_port
from ntp_netconf_util import MNTP, iface, interfaces, m, ntp, replace_and_commit, server, system, wait_selected

AGENT, CHRONY = "127.0.21.10", "127.0.21.20"
KEY_ID, ASCII_KEY_ID = 7, 8
# chronyd local stratum 2 answers at once; the agent needs its iburst samples and the
# selection (2-3 s measured in test_ntp_netconf.py): 25 s allowed.
SYNC_TIMEOUT_S = 25.0


def authentication(hex_key: str, ascii_key: str) -> str:
    return m("authentication",
             f"<enabled>true</enabled>"
             f"<key><key-id>{KEY_ID}</key-id><algorithm>sha1</algorithm><hex-key>{hex_key}</hex-key><trusted>true</trusted></key>"
             f"<key><key-id>{ASCII_KEY_ID}</key-id><algorithm>md5</algorithm><ascii-key>{ascii_key}</ascii-key></key>")


def configuration(port: int, chrony_port: int, hex_key: str, ascii_key: str, contact: str = "") -> list[str]:
    sys_extra = f"<contact>{contact}</contact>" if contact else ""
    return [system(sys_extra, ntp(port, server("chrony", CHRONY, chrony_port, extra=m("key-id", KEY_ID)),
                                  listen=["ntp0"], extra=authentication(hex_key, ascii_key))),
            interfaces(iface("ntp0", [AGENT]))]


def forms(value: str) -> list[bytes]:
    """A secret as configured and in the encodings a careless writer might store it in."""
    raw = value.encode()
    out = [raw, raw.hex().encode(), base64.b64encode(raw).rstrip(b"=")]
    if all(c in "0123456789abcdef" for c in value) and len(value) % 2 == 0:
        octets = bytes.fromhex(value)
        out += [octets, base64.b64encode(octets).rstrip(b"="), value.upper().encode()]
    return out


def files_containing(directory: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.name}: {needle!r}" for needle in needles if needle in data]
    return found


def configured_keys(mgr) -> dict[str, str]:
    data = get_config(mgr, "running")
    keys = {}
    for key in data.iter(f"{{{MNTP}}}key"):
        for leaf in ("hex-key", "ascii-key"):
            element = key.find(f"{{{MNTP}}}{leaf}")
            if element is not None:
                keys[key.findtext(f"{{{MNTP}}}key-id")] = element.text
    return keys


def test_key_secrets_are_sealed_at_rest_and_survive_a_restart(tmp_path, state_template, nc, started):
    hex_key = secrets.token_hex(20)                       # SHA-1: 20 octets
    ascii_key = "Mrdn" + secrets.token_hex(6)             # printable, 16 characters
    needles = forms(hex_key) + forms(ascii_key)
    state = harness.copy_state(state_template, tmp_path / "state")
    chrony = started(Chrony(tmp_path / "chrony", CHRONY, free_udp_port(CHRONY), ["local stratum 2"],
                            keys=[f"{KEY_ID} SHA1 HEX:{hex_key}"]))
    port = free_udp_port(AGENT)
    d = Daemon(state, name="secrets").start()
    try:
        mgr = session(nc, d)
        replace_and_commit(mgr, *configuration(port, chrony.port, hex_key, ascii_key))
        association, _ = wait_selected(mgr, CHRONY, "client", "3", SYNC_TIMEOUT_S)
        assert association["authenticated"] == "true", association

        # startup, and a confirmed commit so that the rollback record exists.
        assert_ok(mgr.copy_config(source="running", target="startup"))
        assert_ok(edit(mgr, *configuration(port, chrony.port, hex_key, ascii_key, contact="confirm-me")))
        assert_ok(dispatch(mgr, f'<commit xmlns="{NC}"><confirmed/><confirm-timeout>600</confirm-timeout></commit>'))
        assert (state / "confirmed-rollback.xml").exists()
        assert (state / "startup.xml").exists()
        assert (state / "host-secret").stat().st_mode & 0o777 == 0o600
        assert files_containing(state, needles) == []
        assert b"$meridian-aead1$" in (state / "startup.xml").read_bytes()

        # Errors that involve the keys: neither the replies' echo nor the log has the values.
        create = f'<key xmlns:nc="{NC}" nc:operation="create"><key-id>{KEY_ID}</key-id></key>'
        assert rpc_errors(edit(mgr, system(ntp(port, extra=m("authentication", create)))))
        bad = f"<key><key-id>{ASCII_KEY_ID}</key-id><ascii-key>{ascii_key}-and-more-than-twenty</ascii-key></key>"
        assert rpc_errors(edit(mgr, system(ntp(port, extra=m("authentication", bad)))))
        assert_ok(mgr.discard_changes())
        assert_ok(mgr.commit())  # confirms
        assert not (state / "confirmed-rollback.xml").exists()

        # Encryption is only at rest: an (authorized) reader gets the values configured.
        assert configured_keys(mgr) == {str(KEY_ID): hex_key, str(ASCII_KEY_ID): ascii_key}
        mgr.close_session()

        assert d.stop() == 0
        d.start()
        mgr = session(nc, d)
        assert configured_keys(mgr) == {str(KEY_ID): hex_key, str(ASCII_KEY_ID): ascii_key}
        association, _ = wait_selected(mgr, CHRONY, "client", "3", SYNC_TIMEOUT_S)
        assert association["authenticated"] == "true", association
        assert files_containing(state, needles) == []
        mgr.close_session()
    finally:
        if d.alive():
            d.stop()
    leaked = [n for n in needles if n.decode(errors="replace") in d.log_text()]
    assert leaked == [], "the daemon's log holds a key secret"

    # Without the host secret, the copy does not start, and the log says which file and what.
    copy = tmp_path / "copy"
    shutil.copytree(state, copy, symlinks=True)
    (copy / "host-secret").unlink()
    orphan = Daemon(copy, name="secrets-copy")
    with pytest.raises(DaemonDied):
        orphan.start(attempts=1)
    log = orphan.log_text()
    assert "host-secret does not exist" in log, orphan.log_tail()
    # What is sealed is named: the commit history (loaded first, it holds the keys' changes
    # too) or, without a history, the key.
    assert (f"key {KEY_ID}" in log or "the commit history is sealed" in log) and "running-" in log, orphan.log_tail()
    assert not [n for n in needles if n.decode(errors="replace") in log]


def test_a_state_directory_with_clear_keys_loads_and_is_sealed(tmp_path, state_template, nc):
    """An older meridiand's state directory (startup.xml and running.xml, keys in clear)."""
    hex_key, ascii_key = secrets.token_hex(20), "Old" + secrets.token_hex(6)
    state = harness.copy_state(state_template, tmp_path / "state")
    clear = "".join(configuration(free_udp_port(AGENT), 123, hex_key, ascii_key))
    for name in ("startup.xml", "running.xml"):
        (state / name).write_text(clear)
        (state / name).chmod(0o600)
    d = Daemon(state, name="secrets-migration").start()
    try:
        mgr = session(nc, d)
        assert configured_keys(mgr) == {str(KEY_ID): hex_key, str(ASCII_KEY_ID): ascii_key}
        assert files_containing(state, forms(hex_key) + forms(ascii_key)) == []
        get_startup = get_config(mgr, "startup")
        assert [e.text for e in get_startup.iter(f"{{{MNTP}}}hex-key")] == [hex_key]
        mgr.close_session()
    finally:
        assert d.stop() == 0
