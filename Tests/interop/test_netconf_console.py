"""netconf-console2 (the command-line client) against meridiand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from netconf_wire import BASE_10, BASE_11


def console() -> list[str]:
    # The entry point installed next to the interpreter running pytest (the venv).
    beside = Path(sys.executable).with_name("netconf-console2")
    found = str(beside) if beside.exists() else shutil.which("netconf-console2")
    assert found, "netconf-console2 is not installed (pip install -r Tests/interop/requirements.txt)"
    return [found]


def run_console(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=os.environ.get("HOME", "/root"))
    return subprocess.run(console() + args, capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def capabilities_of(output: str) -> set[str]:
    # netconf-console2 prints the hello as XML (namespace depends on the tool's serializer).
    root = ET.fromstring(output.strip())
    return {e.text.strip() for e in root.iter() if e.tag.split("}")[-1] == "capability" and e.text}


def test_hello_prints_server_capabilities(daemon, creds):
    r = run_console(["--host", "127.0.0.1", "--port", str(daemon.port),
                     "-u", creds.password_user, "-p", creds.password, "--hello"])
    assert r.returncode == 0, f"exit {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    caps = capabilities_of(r.stdout)
    assert BASE_10 in caps and BASE_11 in caps, r.stdout


def test_hello_with_private_key_file(daemon, creds):
    r = run_console(["--host", "127.0.0.1", "--port", str(daemon.port),
                     # -p "": without it the tool uses "admin" as the key passphrase.
                     "-u", creds.key_user, "-p", "", "--privKeyFile", str(creds.key_file), "--hello"])
    assert r.returncode == 0, f"exit {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    assert BASE_11 in capabilities_of(r.stdout)


def test_wrong_password_fails(daemon, creds):
    r = run_console(["--host", "127.0.0.1", "--port", str(daemon.port),
                     "-u", creds.password_user, "-p", "not-" + creds.password, "--hello"])
    assert r.returncode != 0, r.stdout
    assert "capability" not in r.stdout
