"""NETCONF over OpenSSH's `ssh -s netconf`, byte for byte (RFC 6241, RFC 6242).

The tests write exactly the bytes they mean, and read the server's bytes with a
strict decoder, so the server's framing is checked too.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

BASE_NS = "urn:ietf:params:xml:ns:netconf:base:1.0"
BASE_10 = "urn:ietf:params:netconf:base:1.0"
BASE_11 = "urn:ietf:params:netconf:base:1.1"
EOM = b"]]>]]>"
# A made-up operation no server implements: it must answer operation-not-supported.
PING_NS = "urn:example:meridian-interop"
PING = f'<meridian-ping xmlns="{PING_NS}"/>'

# RFC 6242 §4.2: chunk-size is 1..4294967295, at most 10 digits, no leading zero.
_CHUNK_HEADER = re.compile(rb"\n#([1-9][0-9]{0,9})\n")
# What may stand at the front of the buffer while a header is still arriving.
_HEADER_PREFIX = re.compile(rb"(\n(#([1-9][0-9]{0,9}|#)?)?)?")


class FramingError(AssertionError):
    """The server sent bytes that are not valid NETCONF framing."""


def q(tag: str, ns: str = BASE_NS) -> str:
    return f"{{{ns}}}{tag}"


def client_hello(*capabilities: str) -> bytes:
    caps = "".join(f"<capability>{c}</capability>" for c in capabilities)
    return f'<?xml version="1.0" encoding="UTF-8"?><hello xmlns="{BASE_NS}"><capabilities>{caps}</capabilities></hello>'.encode()


def rpc(body: str, message_id: str | None = "1", attrs: str = "") -> bytes:
    mid = f' message-id="{message_id}"' if message_id is not None else ""
    return f'<rpc{mid} xmlns="{BASE_NS}"{(" " + attrs) if attrs else ""}>{body}</rpc>'.encode()


def eom_frame(message: bytes) -> bytes:
    return message + EOM


def chunk_frame(message: bytes, chunk_sizes: list[int] | None = None) -> bytes:
    """Chunked framing; the message is cut into chunks of the given sizes (the rest in one)."""
    out = bytearray()
    pos = 0
    for size in chunk_sizes or []:
        if pos >= len(message):
            break
        piece = message[pos : pos + size]
        out += b"\n#%d\n" % len(piece) + piece
        pos += len(piece)
    if pos < len(message):
        out += b"\n#%d\n" % (len(message) - pos) + message[pos:]
    return bytes(out + b"\n##\n")


def take_eom(buf: bytearray) -> bytes | None:
    i = buf.find(EOM)
    if i < 0:
        return None
    msg = bytes(buf[:i])
    del buf[: i + len(EOM)]
    return msg


def take_chunked(buf: bytearray) -> bytes | None:
    """One chunked message from the front of buf, or None if not complete yet."""
    pos = 0
    body = bytearray()
    while True:
        if buf.startswith(b"\n##\n", pos):
            if not body:
                raise FramingError("end-of-chunks with no chunk before it")
            del buf[: pos + 4]
            return bytes(body)
        m = _CHUNK_HEADER.match(buf, pos)
        if m is None:
            head = bytes(buf[pos : pos + 13])
            if _HEADER_PREFIX.fullmatch(head):
                return None  # header still arriving
            raise FramingError(f"bad chunk header {head!r}")
        size = int(m.group(1))
        if size > 4294967295:
            raise FramingError(f"chunk size {size} too large")
        start = m.end()
        if len(buf) < start + size:
            return None
        body += buf[start : start + size]
        pos = start + size


def parse(message: bytes) -> ET.Element:
    try:
        return ET.fromstring(message)
    except ET.ParseError as e:
        raise AssertionError(f"server sent XML that does not parse ({e}): {message[:500]!r}")


def rpc_error_tags(reply: ET.Element) -> list[str]:
    return [e.findtext(q("error-tag")) for e in reply.findall(q("rpc-error"))]


def ssh_base_args(port: int, user: str, key_file: Path | None = None, batch: bool = True,
                  log_level: str = "ERROR") -> list[str]:
    """OpenSSH client arguments that ignore every user and host configuration file.

    For each option ssh uses the first value it is given, so these win over later -o.
    """
    args = [
        "ssh",
        "-F", "/dev/null",
        "-p", str(port),
        "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null",
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", f"LogLevel={log_level}",
        "-o", "ConnectTimeout=20",
        "-o", "IdentityAgent=none",
        "-o", "ControlPath=none",
    ]
    if batch:
        args += ["-o", "BatchMode=yes"]
    if key_file is not None:
        args += ["-i", str(key_file), "-o", "IdentitiesOnly=yes", "-o", "PreferredAuthentications=publickey"]
    return args + ["-l", user, "127.0.0.1"]


class SSHNetconf:
    """A NETCONF session through an OpenSSH child process (`ssh -s netconf`).

    stdout is read by a thread into a buffer; messages are taken from it with
    the framing the session is in (EOM until both hellos, then as negotiated).
    """

    def __init__(self, port: int, user: str, key_file: Path, extra: list[str] = (), read: bool = True):
        self.args = ssh_base_args(port, user, key_file) + list(extra) + ["-s", "netconf"]
        self.proc = subprocess.Popen(
            self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
        )
        self.buf = bytearray()
        self.stderr = bytearray()
        # Cleared, stdout is not read (a client that stops reading); set again, it is.
        self.reading = threading.Event()
        self.reading.set()
        self.eof = False
        self.chunked = False
        self.cond = threading.Condition()
        self.threads = [threading.Thread(target=self._pump_err, daemon=True)]
        if read:
            self.threads.append(threading.Thread(target=self._pump_out, daemon=True))
        for t in self.threads:
            t.start()

    def _pump_out(self) -> None:
        fd = self.proc.stdout.fileno()
        while True:
            self.reading.wait()
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            with self.cond:
                if not data:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.buf += data
                self.cond.notify_all()

    def _pump_err(self) -> None:
        for data in iter(lambda: self.proc.stderr.read(4096), b""):
            with self.cond:
                self.stderr += data

    # -- writing ---------------------------------------------------------

    def send_raw(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: bytes, chunk_sizes: list[int] | None = None) -> None:
        self.send_raw(chunk_frame(message, chunk_sizes) if self.chunked else eom_frame(message))

    # -- reading ---------------------------------------------------------

    def read_message(self, timeout: float = 10.0) -> bytes:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                msg = take_chunked(self.buf) if self.chunked else take_eom(self.buf)
                if msg is not None:
                    return msg
                if self.eof:
                    raise EOFError(f"session closed before a whole message arrived; pending {bytes(self.buf[:300])!r}; ssh stderr {self.stderr_text()!r}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no whole message within {timeout}s; pending {bytes(self.buf[:300])!r}; ssh stderr {self.stderr_text()!r}")
                self.cond.wait(left)

    def read_reply(self, timeout: float = 10.0) -> ET.Element:
        reply = parse(self.read_message(timeout))
        assert reply.tag == q("rpc-reply"), f"expected rpc-reply, got {ET.tostring(reply)[:300]!r}"
        return reply

    def request(self, message: bytes, timeout: float = 10.0) -> ET.Element:
        self.send(message)
        return self.read_reply(timeout)

    def wait_closed(self, timeout: float = 10.0) -> bool:
        """True once the server has closed the session (EOF on ssh's stdout)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not self.eof:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
        return True

    def stderr_text(self) -> str:
        return bytes(self.stderr).decode(errors="replace")

    # -- hello -----------------------------------------------------------

    def server_hello(self, timeout: float = 20.0) -> ET.Element:
        hello = parse(self.read_message(timeout))
        assert hello.tag == q("hello"), f"expected hello, got {hello.tag}"
        return hello

    def exchange_hellos(self, *capabilities: str, timeout: float = 20.0) -> ET.Element:
        """Read the server hello, send ours; switch to chunked if both say base:1.1."""
        hello = self.server_hello(timeout)
        caps = capabilities or (BASE_10, BASE_11)
        self.send_raw(eom_frame(client_hello(*caps)))
        server_caps = {c.text.strip() for c in hello.iter(q("capability")) if c.text}
        self.chunked = BASE_11 in caps and BASE_11 in server_caps
        return hello

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for t in self.threads:
            t.join(2)

    def __enter__(self) -> "SSHNetconf":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
