#!/usr/bin/env python3
"""Serve the local clock as a reference at a stratum and commit (set-refclock-master.xml).

    .venv/bin/python examples/ncclient/set-refclock-master.py --password '<admin password>' --stratum 2
"""
import sys

import common


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--stratum", type=int, default=8, help="1..15 (default 8)")
    args = p.parse_args()
    return common.edit_and_commit(args, common.payload("set-refclock-master.xml", stratum=args.stratum))


if __name__ == "__main__":
    sys.exit(main())
