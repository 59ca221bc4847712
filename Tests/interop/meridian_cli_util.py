"""Running `meridian-cli` against a daemon of the harness: one-shot, script and through a
pseudo-terminal. The binary is $MERIDIAN_CLI, else the meridian-cli next to $MERIDIAND."""

from __future__ import annotations

import os
import re
import select
import subprocess
import time
from pathlib import Path

import harness


def cli_binary() -> str:
    path = os.environ.get("MERIDIAN_CLI") or str(Path(harness.meridiand_binary()).parent / "meridian-cli")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"meridian-cli not found at {path}: swift build --product meridian-cli")
    return path


def cli_args(daemon: harness.Daemon, user: str, known_hosts: Path, *extra: str) -> list[str]:
    return [cli_binary(), "--host", daemon.listen_host, "--port", str(daemon.port), "--user", user,
            "--known-hosts", str(known_hosts), "--accept-new-host-key", *extra]


def run(daemon, creds, known_hosts: Path, *extra: str, script: str | None = None,
        timeout: float = 60.0) -> subprocess.CompletedProcess:
    """meridian-cli with alice's password from MERIDIAN_PASSWORD; `script` on stdin (not a tty)."""
    env = dict(os.environ, MERIDIAN_PASSWORD=creds.password)
    return subprocess.run(cli_args(daemon, creds.password_user, known_hosts, *extra),
                          input=(script or "").encode(), capture_output=True, timeout=timeout, env=env)


class Terminal:
    """meridian-cli on a pseudo-terminal: type keys, wait for text (`with Terminal(...) as t:`,
    which kills the program if it is still running at the end)."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = b""

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def expect(self, pattern: str, timeout: float = 15.0) -> str:
        """Waits until `pattern` (a regex) appears in output read since the last match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern.encode())
        while True:
            match = regex.search(self.output)
            if match:
                seen = self.output[:match.end()].decode(errors="replace")
                self.output = self.output[match.end():]
                return seen
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {pattern!r} within {timeout}s; output: {self.output.decode(errors='replace')!r}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"terminal closed before {pattern!r}; output: {self.output.decode(errors='replace')!r}")
                self.output += chunk

    def close(self) -> int:
        """Waits (10 s at most) for the program to end; its exit code."""
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        return self.proc.returncode

    def __enter__(self) -> "Terminal":
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        os.close(self.master)
