#!/usr/bin/env python3
"""Send one NTP client request (mode 3) and print the server's header fields.

ntpdig cannot use a port other than 123; this works on any port:
    python3 examples/ntp-query.py 127.0.0.1 10123
"""
import socket
import struct
import sys
import time

NTP_EPOCH_OFFSET = 2208988800


def query(host: str, port: int, timeout: float = 2.0) -> dict:
    request = bytearray(48)
    request[0] = (0 << 6) | (4 << 3) | 3  # leap 0, version 4, mode 3 (client)
    now = time.time() + NTP_EPOCH_OFFSET
    request[40:48] = struct.pack("!II", int(now), int((now % 1) * 2**32))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(request, (host, port))
        reply, _ = s.recvfrom(1024)
    refid = reply[12:16]
    stratum = reply[1]
    # Stratum 0/1 and local references carry a four-letter code ("LOCL"); others an IPv4 address.
    letters = refid.rstrip(b"\x00")
    if stratum <= 1 or (letters and all(65 <= b <= 90 for b in letters)):
        refid_text = letters.decode("ascii")
    else:
        refid_text = ".".join(str(b) for b in refid)
    return {"leap": reply[0] >> 6, "version": (reply[0] >> 3) & 7, "mode": reply[0] & 7,
            "stratum": stratum, "reference-id": refid_text}


if __name__ == "__main__":
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 10123
    print(" ".join(f"{k}={v}" for k, v in query(host, port).items()))
