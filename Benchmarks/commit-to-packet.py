#!/usr/bin/env python3
"""Time from a commit's reply to the first NTP packet of the association it adds.

For each round: a UDP socket on 127.0.0.1 (a fresh port) stands in for an NTP
server; edit-config creates /system/ntp/server probe-N at that address with
iburst, commit; the time between the commit reply (as ncclient returns it) and
the kernel receive timestamp of the first packet on that socket is one sample
(negative when the packet was already there). The server entry is deleted
again before the next round. Bounded: ROUNDS rounds, 5 s wait each.

    commit-to-packet.py PORT USER KEYFILE [ROUNDS]
prints one line: rounds=.. received=.. p50_ms=.. p99_ms=.. max_ms=..
"""
import socket
import struct
import sys
import time

from ncclient import manager

SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def edit(m, body):
    m.edit_config(target="candidate", config=f'<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">'
                  f'<system xmlns="{SYS}"><ntp>{body}</ntp></system></config>')
    m.commit()


def first_packet_time(sock, deadline):
    """Kernel receive time (CLOCK_REALTIME, s) of the first datagram, or None."""
    while True:
        left = deadline - time.time()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            _, ancillary, _, _ = sock.recvmsg(2048, 64)
        except socket.timeout:
            return None
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                seconds, nanoseconds = struct.unpack("qq", data[:16])
                return seconds + nanoseconds / 1e9
        return time.time()


def main():
    port, user, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    samples = []
    with manager.connect(host="127.0.0.1", port=port, username=user, key_filename=key,
                         hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30) as m:
        for n in range(rounds):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
            sock.bind(("127.0.0.1", 0))
            target = sock.getsockname()[1]
            name = f"probe-{n}"
            edit(m, f"<server><name>{name}</name><udp><address>127.0.0.1</address><port>{target}</port></udp>"
                    f"<iburst>true</iburst></server>")
            replied = time.time()
            arrived = first_packet_time(sock, replied + 5)
            if arrived is not None:
                samples.append((arrived - replied) * 1e3)
            edit(m, f'<server xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="delete">'
                    f"<name>{name}</name></server>")
            sock.close()
    samples.sort()

    def rank(p):
        return samples[min(len(samples) - 1, max(0, int(round(p / 100 * len(samples) + 0.5)) - 1))] if samples else float("nan")

    print(f"rounds={rounds} received={len(samples)} p50_ms={rank(50):.2f} p99_ms={rank(99):.2f} "
          f"max_ms={(samples[-1] if samples else float('nan')):.2f}")


if __name__ == "__main__":
    main()
