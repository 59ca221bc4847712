"""meridian-cli against a plain yuma123 netconfd (Debian `netconfd` +
`netconfd-module-ietf-system`) behind a private OpenSSH sshd, set up as
Benchmarks/netconfd.sh sets it up: the commands that touch only ietf-system
(sysname, display current-configuration) work there too, which shows the CLI is
a NETCONF client and not a side door into meridiand.

Root only (apt-get, a login user, a private sshd on a loopback port). The
ietf-system module sets the host name with sethostname(2) on commit, which
fails for an unprivileged netconfd; so netconfd runs as root in a UTS namespace
of its own (`unshare --uts`), where that call renames only the namespace, never
the machine. The test sends no RPC that would do more (no set-current-datetime,
no system-restart).
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import meridian_cli_util as mcli

NC_USER = "mclincd"
PACKAGES = ["netconfd", "netconfd-module-ietf-system", "openssh-server"]
START_TIMEOUT_S = 20.0

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: apt-get, useradd, a private sshd")


def installed(package: str) -> bool:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return "install ok installed" in out.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout}s")
        time.sleep(0.1)


@pytest.fixture
def netconfd(tmp_path):
    missing = [p for p in PACKAGES if not installed(p)]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), check=True, timeout=600,
                       capture_output=True)
    # Under /tmp itself: pytest's tmp_path is inside a root-only (0700) directory that
    # netconfd's account could not enter.
    work = Path(tempfile.mkdtemp(prefix="meridian-cli-ncd-"))
    (work / "data").mkdir(parents=True)
    (work / "home").mkdir()
    # netconfd keeps its work directory (~/.yuma) in the home of the account it runs as.
    created = False
    try:
        pwd.getpwnam(NC_USER)
        subprocess.run(["usermod", "--home", str(work / "home"), NC_USER], check=True)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--home-dir", str(work / "home"), "--shell", "/bin/sh", NC_USER],
                       check=True)
        created = True
    password = secrets.token_urlsafe(15)
    subprocess.run(["chpasswd"], input=f"{NC_USER}:{password}\n".encode(), check=True)
    for path in (work, work / "data", work / "home"):
        path.chmod(0o755)
    shutil.chown(work / "data", NC_USER)
    shutil.chown(work / "home", NC_USER)
    startup = work / "data" / "startup.xml"
    startup.write_text('<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                       '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname>plain-netconfd</hostname>'
                       '</system></config>\n')
    shutil.chown(startup, NC_USER)
    sock = work / "data" / "ncxserver.sock"
    port = free_port()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(subprocess.Popen(
            ["unshare", "--uts", "/usr/sbin/netconfd",
             "--target=candidate", "--with-startup=true", "--module=ietf-system", f"--startup={startup}",
             f"--ncxserver-sockname={sock}", f"--superuser={NC_USER}", f"--port={port}",
             f"--log={work / 'data' / 'netconfd.log'}", "--log-level=warn"],
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(work / "home"), "USER": NC_USER},
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        wait_until(sock.exists, START_TIMEOUT_S, "netconfd's socket")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(work / "hostkey")], check=True)
        (work / "sshd_config").write_text(f"""ListenAddress 127.0.0.1
Port {port}
HostKey {work / 'hostkey'}
PidFile {work / 'sshd.pid'}
PasswordAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin no
AllowUsers {NC_USER}
LogLevel ERROR
Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname={port}@{sock}
""")
        Path("/run/sshd").mkdir(exist_ok=True)
        procs.append(subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", str(work / "sshd_config"), "-E", str(work / "sshd.log")],
                                      stdin=subprocess.DEVNULL, start_new_session=True))

        def listening() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    return s.recv(7) == b"SSH-2.0"
            except OSError:
                return False
        wait_until(listening, START_TIMEOUT_S, "sshd's banner")
        yield port, password, work
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        if created:
            subprocess.run(["userdel", NC_USER], check=False)
        shutil.rmtree(work, ignore_errors=True)


def test_sysname_and_current_configuration_on_plain_netconfd(netconfd, tmp_path):
    port, password, work = netconfd
    env = dict(os.environ, MERIDIAN_PASSWORD=password)
    base = [mcli.cli_binary(), "--host", "127.0.0.1", "--port", str(port), "--user", NC_USER,
            "--known-hosts", str(tmp_path / "known_hosts"), "--accept-new-host-key"]

    def cli(*args: str, script: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(base + list(args), input=(script or "").encode(), capture_output=True, env=env, timeout=60)

    shown = cli("-c", "display current-configuration")
    logs = lambda: (work / "data" / "netconfd.log").read_text(errors="replace")[-3000:]
    assert shown.returncode == 0, shown.stdout.decode() + shown.stderr.decode() + logs()
    assert "sysname plain-netconfd" in shown.stdout.decode()
    changed = cli(script="system-view\nsysname via-meridian-cli\ncommit\n")
    assert changed.returncode == 0, changed.stdout.decode() + changed.stderr.decode() + logs()
    after = cli("-c", "display current-configuration | include sysname")
    assert after.stdout.decode().strip() == "sysname via-meridian-cli", after.stdout.decode() + after.stderr.decode()
