#!/usr/bin/env python3
"""Subscribers for the notification benchmarks (Benchmarks/notifications.sh).

Each subscriber is an `ssh -s netconf` child (OpenSSH, public key) that sends
<create-subscription/> and is then read by one selector loop in this process.

    notification-subscribers.py latency PORT USER KEYFILE SUBSCRIBERS EVENTS
        opens SUBSCRIBERS subscribers, then commits EVENTS times from an ncclient
        session (a new /system/location each time), one at a time: each commit
        waits until every subscriber has its netconf-config-change. A sample is,
        per subscriber and event, the time the whole <notification> was read here
        (CLOCK_REALTIME) minus its <eventTime> (the server's CLOCK_REALTIME when
        the commit was installed). Prints one line:
        subscribers=.. events=.. samples=.. p50_us=.. p99_us=.. max_us=..
    notification-subscribers.py hold PORT USER KEYFILE SUBSCRIBERS
        opens SUBSCRIBERS subscribers, prints "ready", reads (and counts) every
        notification until stdin closes, then prints received=.. cut_off=.. (the
        subscribers that fell a queue behind and got notificationComplete)

Bounded: every wait has a deadline (60 s to open the subscribers, 30 s per event).
"""
import os
import re
import selectors
import subprocess
import sys
import time
from datetime import datetime

NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
EOM = b"]]>]]>"
HELLO = (f'<hello xmlns="{NC}"><capabilities><capability>urn:ietf:params:netconf:base:1.1</capability>'
         "</capabilities></hello>").encode()
SUBSCRIBE = (f'<rpc message-id="1" xmlns="{NC}"><create-subscription '
             'xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"/></rpc>').encode()
EVENT_TIME = re.compile(rb"<eventTime>([^<]+)</eventTime>")


def chunked(message: bytes) -> bytes:
    return b"\n#%d\n" % len(message) + message + b"\n##\n"


class Subscriber:
    def __init__(self, port, user, key):
        self.proc = subprocess.Popen(
            ["ssh", "-q", "-p", str(port), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
             "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-l", user, "127.0.0.1",
             "-s", "netconf"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buf = bytearray()
        self.hello_done = False
        self.subscribed = False
        self.proc.stdin.write(HELLO + EOM)

    def messages(self):
        """Whole messages read so far (EOM until the hello, chunked after)."""
        out = []
        while True:
            if not self.hello_done:
                end = self.buf.find(EOM)
                if end < 0:
                    return out
                del self.buf[:end + len(EOM)]
                self.hello_done = True
                self.proc.stdin.write(chunked(SUBSCRIBE))
                continue
            message = bytearray()
            pos = 0
            while True:
                if self.buf[pos:pos + 4] == b"\n##\n":
                    del self.buf[:pos + 4]
                    out.append(bytes(message))
                    break
                header = re.match(rb"\n#(\d+)\n", self.buf[pos:pos + 16])
                if not header:
                    return out
                size = int(header.group(1))
                start = pos + header.end()
                if len(self.buf) < start + size:
                    return out
                message += self.buf[start:start + size]
                pos = start + size


def open_subscribers(port, user, key, count):
    selector = selectors.DefaultSelector()
    subscribers = [Subscriber(port, user, key) for _ in range(count)]
    for s in subscribers:
        selector.register(s.proc.stdout, selectors.EVENT_READ, s)
    deadline = time.monotonic() + 60
    while not all(s.subscribed for s in subscribers):
        if time.monotonic() > deadline:
            sys.exit(f"only {sum(s.subscribed for s in subscribers)} of {count} subscribed within 60 s")
        for key_, _ in selector.select(1):
            s = key_.data
            s.buf += os.read(key_.fileobj.fileno(), 1 << 20)
            for message in s.messages():
                if b"<rpc-reply" in message:
                    assert b"<ok/>" in message, message
                    s.subscribed = True
    return selector, subscribers


def read_notifications(selector, timeout):
    """(receive time, message) of every notification read within `timeout`."""
    got = []
    for key_, _ in selector.select(timeout):
        s = key_.data
        data = os.read(key_.fileobj.fileno(), 1 << 20)
        now = time.time()
        s.buf += data
        got += [(now, m) for m in s.messages() if b"<notification" in m]
    return got


def latency(port, user, key, count, events):
    from ncclient import manager

    selector, _ = open_subscribers(port, user, key, count)
    samples = []
    sys_ns = "urn:ietf:params:xml:ns:yang:ietf-system"
    with manager.connect(host="127.0.0.1", port=port, username=user, key_filename=key, hostkey_verify=False,
                         allow_agent=False, look_for_keys=False, timeout=30) as m:
        # The session starts of the subscribers and the editor come first: drained until
        # a second passes without one (30 s at most).
        deadline = time.monotonic() + 30
        while read_notifications(selector, 1) and time.monotonic() < deadline:
            pass
        for n in range(events):
            m.edit_config(target="candidate", config=f'<config xmlns="{NC}"><system xmlns="{sys_ns}">'
                          f"<location>bench-{n}</location></system></config>")
            m.commit()
            received = 0
            deadline = time.monotonic() + 30
            while received < count:
                if time.monotonic() > deadline:
                    sys.exit(f"event {n}: {received} of {count} subscribers got it within 30 s")
                for now, message in read_notifications(selector, 1):
                    if b"netconf-config-change" not in message:
                        continue
                    sent = datetime.fromisoformat(EVENT_TIME.search(message).group(1).decode()).timestamp()
                    samples.append((now - sent) * 1e6)
                    received += 1
    samples.sort()
    rank = lambda p: samples[min(len(samples) - 1, max(0, int(round(p * len(samples))) - 1))]
    print(f"subscribers={count} events={events} samples={len(samples)} p50_us={rank(0.5):.0f} "
          f"p99_us={rank(0.99):.0f} max_us={samples[-1]:.0f}")


def hold(port, user, key, count):
    selector, _ = open_subscribers(port, user, key, count)
    print("ready", flush=True)
    selector.register(sys.stdin, selectors.EVENT_READ, None)
    received = 0
    cut_off = 0

    def count(messages):
        nonlocal received, cut_off
        received += len(messages)
        cut_off += sum(1 for m in messages if b"notificationComplete" in m)

    while True:
        for key_, _ in selector.select(1):
            if key_.data is None:
                if not os.read(sys.stdin.fileno(), 4096):
                    # Whatever is still on its way is counted for up to 5 s.
                    selector.unregister(sys.stdin)
                    deadline = time.monotonic() + 5
                    while time.monotonic() < deadline:
                        count([m for _, m in read_notifications(selector, 0.5)])
                    print(f"received={received} cut_off={cut_off}", flush=True)
                    return
                continue
            s = key_.data
            s.buf += os.read(key_.fileobj.fileno(), 1 << 20)
            count([m for m in s.messages() if b"<notification" in m])


def main():
    mode, port, user, key, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    if mode == "latency":
        latency(port, user, key, count, int(sys.argv[6]))
    else:
        hold(port, user, key, count)


if __name__ == "__main__":
    main()
