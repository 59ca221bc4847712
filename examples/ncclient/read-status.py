#!/usr/bin/env python3
"""Print the NTP state: <get> filtered to /system-state/ntp (status-filter.xml).

    .venv/bin/python examples/ncclient/read-status.py --password '<admin password>'        # clock, associations, statistics
    .venv/bin/python examples/ncclient/read-status.py --password '<admin password>' --xml  # the raw <data>
"""
import sys

from lxml import etree

import common

M = f"{{{common.MNTP}}}"


def leaves(element) -> dict:
    return {etree.QName(c).localname: (c.text or "") for c in element if len(c) == 0}


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--xml", action="store_true", help="print the reply's <data> as XML")
    args = p.parse_args()
    subtree = common.payload("status-filter.xml")
    if args.dry_run:
        print(subtree)
        return 0
    with common.connect(args) as m:
        reply = m.get(filter=("subtree", subtree))
        errs = common.errors(reply)
        if errs:
            print("get refused:", *errs, sep="\n  ", file=sys.stderr)
            return 1
    if args.xml:
        print(reply.data_xml)
        return 0
    data = etree.fromstring(reply.data_xml.encode())
    clock = data.find(f".//{M}clock-state")
    c = leaves(clock) if clock is not None else {}
    print(f"clock: {c.get('status', '?')}, stratum {c.get('stratum', '?')}, reference-id {c.get('reference-id', '?')}, "
          f"offset {c.get('offset', '?')} ms, root-delay {c.get('root-delay', '?')} ms, sync-state {c.get('sync-state', '?')}")
    rows = [leaves(a) for a in data.iter(f"{M}association")]
    print(f"\n{'address':<18}{'mode':<9}{'cfg':<6}{'st':>3} {'refid':<16}{'reach':>6}{'poll':>5}"
          f"{'offset ms':>12}{'delay ms':>11}  selection")
    for a in rows:
        print(f"{a.get('address', ''):<18}{a.get('local-mode', ''):<9}{a.get('configured', ''):<6}"
              f"{a.get('stratum', '-'):>3} {a.get('reference-id', '-'):<16}{int(a.get('reach', '0')):>6o}"
              f"{a.get('poll', ''):>5}{a.get('offset', '-'):>12}{a.get('delay', '-'):>11}  {a.get('selection', '-')}")
    if not rows:
        print("(no associations)")
    stats = data.find(f".//{M}statistics")
    if stats is not None:
        print("\nstatistics: " + ", ".join(f"{k} {v}" for k, v in leaves(stats).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
