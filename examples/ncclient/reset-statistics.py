#!/usr/bin/env python3
"""Zero the NTP packet counters (RPC meridian-ntp:reset-statistics).

    .venv/bin/python examples/ncclient/reset-statistics.py --password '<admin password>'
"""
import sys

from ncclient.xml_ import to_ele

import common


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    args = p.parse_args()
    rpc = f'<reset-statistics xmlns="{common.MNTP}"/>'
    if args.dry_run:
        print(rpc)
        return 0
    with common.connect(args) as m:
        errs = common.errors(m.dispatch(to_ele(rpc)))
    if errs:
        print("reset-statistics refused:", *errs, sep="\n  ", file=sys.stderr)
        return 1
    print("statistics reset")
    return 0


if __name__ == "__main__":
    sys.exit(main())
