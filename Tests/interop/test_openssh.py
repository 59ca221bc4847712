"""OpenSSH's own client against meridiand: the netconf subsystem, and everything else refused."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

import harness
from netconf_wire import (
    BASE_10,
    BASE_11,
    EOM,
    SSHNetconf,
    client_hello,
    eom_frame,
    parse,
    q,
    rpc,
    ssh_base_args,
)

MARKER = "MERIDIAN-INTEROP-MARKER-7f3a"


def run_ssh(args: list[str], stdin: bytes = b"", timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(args, input=stdin, capture_output=True, timeout=timeout)


def one_shot_session(args: list[str], timeout: float = 30) -> subprocess.CompletedProcess:
    """Send hello and close-session at once, base:1.0 only, and collect everything until EOF."""
    stdin = eom_frame(client_hello(BASE_10)) + eom_frame(rpc("<close-session/>", "1"))
    return run_ssh(args + ["-s", "netconf"], stdin, timeout)


def split_eom(out: bytes) -> list[bytes]:
    parts = out.split(EOM)
    assert parts[-1].strip() == b"", f"trailing bytes after the last ]]>]]>: {parts[-1][:200]!r}"
    return parts[:-1]


def assert_hello_then_ok(out: bytes) -> None:
    messages = split_eom(out)
    assert len(messages) == 2, f"expected hello and one rpc-reply, got {len(messages)}: {out[:600]!r}"
    hello = parse(messages[0])
    assert hello.tag == q("hello")
    assert int(hello.findtext(q("session-id"))) > 0
    caps = {c.text.strip() for c in hello.iter(q("capability"))}
    assert BASE_10 in caps and BASE_11 in caps, caps
    reply = parse(messages[1])
    assert reply.tag == q("rpc-reply") and reply.get("message-id") == "1"
    assert reply.find(q("ok")) is not None, messages[1]


def test_subsystem_with_key_shows_hello_and_closes(daemon, creds):
    r = one_shot_session(ssh_base_args(daemon.port, creds.key_user, creds.key_file))
    assert_hello_then_ok(r.stdout)


@pytest.mark.parametrize("client_caps", [(BASE_10,), (BASE_10, BASE_11), (BASE_11,)], ids=["1.0", "1.0+1.1", "1.1"])
def test_interactive_hello_exchange_and_close(daemon, creds, client_caps):
    with SSHNetconf(daemon.port, creds.key_user, creds.key_file) as s:
        hello = s.exchange_hellos(*client_caps)
        sid = hello.findtext(q("session-id"))
        assert sid is not None and int(sid) > 0
        assert s.chunked == (BASE_11 in client_caps)
        reply = s.request(rpc("<close-session/>", "42"))
        assert reply.get("message-id") == "42"
        assert reply.find(q("ok")) is not None
        assert s.wait_closed(10), "server did not close the session after <close-session>"


def host_key_types(port: int) -> dict[str, str]:
    r = subprocess.run(
        ["ssh-keyscan", "-p", str(port), "-T", "10", "-t", "ed25519,ecdsa,rsa", "127.0.0.1"],
        capture_output=True, text=True, timeout=60,
    )
    keys = {}
    for line in r.stdout.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _host, kind, blob = line.split()[:3]
        keys[kind] = blob
    return keys


def test_host_keys_ed25519_ecdsa_and_rsa(daemon):
    kinds = host_key_types(daemon.port)
    assert "ssh-ed25519" in kinds, kinds.keys()
    assert any(k.startswith("ecdsa-sha2-") for k in kinds), kinds.keys()
    assert "ssh-rsa" in kinds, kinds.keys()


@pytest.mark.parametrize("family", ["ssh-ed25519", "ecdsa", "rsa"])
def test_clients_limited_to_one_host_key_family_connect(daemon, creds, family):
    kinds = host_key_types(daemon.port)
    if family == "ecdsa":
        algos = ",".join(k for k in kinds if k.startswith("ecdsa-sha2-")) or "ecdsa-sha2-nistp256"
    elif family == "rsa":
        algos = "rsa-sha2-512,rsa-sha2-256"
    else:
        algos = family
    args = ssh_base_args(daemon.port, creds.key_user, creds.key_file) + ["-o", f"HostKeyAlgorithms={algos}"]
    r = one_shot_session(args)
    assert_hello_then_ok(r.stdout)


def sshpass_args(port: int, user: str, password: str) -> list[str]:
    assert shutil.which("sshpass"), "sshpass is not installed"
    return ["sshpass", "-p", password] + ssh_base_args(port, user, batch=False) + [
        "-o", "PreferredAuthentications=password",
        "-o", "PubkeyAuthentication=no",
        "-o", "NumberOfPasswordPrompts=1",
    ]


def test_password_login_with_openssh(daemon, creds):
    r = one_shot_session(sshpass_args(daemon.port, creds.password_user, creds.password))
    assert_hello_then_ok(r.stdout)


def test_wrong_password_is_refused(daemon, creds):
    r = one_shot_session(sshpass_args(daemon.port, creds.password_user, "wrong-" + creds.password))
    assert r.returncode != 0
    assert b"<hello" not in r.stdout
    assert b"Permission denied" in r.stderr or r.returncode == 5, r.stderr


def test_password_of_another_user_is_refused(daemon, creds):
    r = one_shot_session(sshpass_args(daemon.port, creds.key_user, creds.password))
    assert r.returncode != 0
    assert b"<hello" not in r.stdout


def test_unknown_user_is_refused(daemon, creds):
    r = one_shot_session(sshpass_args(daemon.port, "nobody-here", creds.password))
    assert r.returncode != 0
    assert b"<hello" not in r.stdout


def test_unauthorized_key_is_refused(daemon, creds):
    r = one_shot_session(ssh_base_args(daemon.port, creds.key_user, creds.stranger_key_file))
    assert r.returncode != 0
    assert b"<hello" not in r.stdout
    assert b"Permission denied" in r.stderr, r.stderr


def test_exec_is_refused(daemon, creds):
    r = run_ssh(ssh_base_args(daemon.port, creds.key_user, creds.key_file) + ["echo", MARKER, ";", "ls", "/"])
    assert r.returncode != 0, r
    assert MARKER.encode() not in r.stdout
    assert r.stdout == b"", r.stdout[:300]


def test_ls_is_refused(daemon, creds):
    r = run_ssh(ssh_base_args(daemon.port, creds.key_user, creds.key_file) + ["ls"])
    assert r.returncode != 0
    assert r.stdout == b"", r.stdout[:300]


def test_shell_is_refused(daemon, creds):
    r = run_ssh(ssh_base_args(daemon.port, creds.key_user, creds.key_file) + ["-T"], stdin=f"echo {MARKER}\nexit 0\n".encode())
    assert r.returncode != 0
    assert MARKER.encode() not in r.stdout


def test_pty_shell_is_refused(daemon, creds):
    r = run_ssh(ssh_base_args(daemon.port, creds.key_user, creds.key_file) + ["-tt"], stdin=f"echo {MARKER}\nexit 0\n".encode())
    assert r.returncode != 0
    assert MARKER.encode() not in r.stdout


def test_pty_request_is_refused_even_with_netconf(daemon, creds):
    args = ssh_base_args(daemon.port, creds.key_user, creds.key_file, log_level="INFO") + ["-tt"]
    r = one_shot_session(args)
    assert b"PTY allocation request failed" in r.stderr, r.stderr


def test_other_subsystem_is_refused(daemon, creds):
    r = run_ssh(ssh_base_args(daemon.port, creds.key_user, creds.key_file) + ["-s", "sftp"], stdin=b"\0\0\0\5\1\0\0\0\3")
    assert r.returncode != 0
    assert r.stdout == b""


def test_remote_port_forwarding_is_refused(daemon, creds):
    args = ssh_base_args(daemon.port, creds.key_user, creds.key_file) + [
        "-N", "-o", "ExitOnForwardFailure=yes", "-R", f"127.0.0.1:{harness.free_port()}:127.0.0.1:9"
    ]
    r = run_ssh(args, timeout=30)
    assert r.returncode != 0, "ssh -R stayed up: the forwarding request was accepted"


def test_local_port_forwarding_is_refused(daemon, creds):
    target = socket.socket()
    target.bind(("127.0.0.1", 0))
    target.listen(1)
    target.settimeout(3)
    local_port = harness.free_port()
    args = ssh_base_args(daemon.port, creds.key_user, creds.key_file) + [
        "-N", "-L", f"127.0.0.1:{local_port}:127.0.0.1:{target.getsockname()[1]}"
    ]
    ssh = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        client = None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and ssh.poll() is None:
            try:
                client = socket.create_connection(("127.0.0.1", local_port), timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        if client is None:
            # ssh gave up before listening: nothing was forwarded.
            assert ssh.poll() is not None
            return
        client.settimeout(10)
        client.sendall(b"GET / HTTP/1.0\r\n\r\n")
        try:
            data = client.recv(100)
        except (ConnectionResetError, socket.timeout):
            data = b""
        client.close()
        assert data == b""
        with pytest.raises(socket.timeout):
            conn, _ = target.accept()
            conn.close()
    finally:
        target.close()
        ssh.terminate()
        ssh.wait(10)
