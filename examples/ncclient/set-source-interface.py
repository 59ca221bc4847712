#!/usr/bin/env python3
"""Create an interface with an IPv4 address and make it the NTP source interface (set-source-interface.xml).

    .venv/bin/python examples/ncclient/set-source-interface.py --password '<admin password>' \\
        --interface lo --address 127.0.0.1 --prefix-length 8
"""
import sys

import common


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--interface", required=True, help="ietf-interfaces name (a logical name)")
    p.add_argument("--address", required=True, help="IPv4 address present on this host")
    p.add_argument("--prefix-length", type=int, default=32)
    p.add_argument("--if-type", default="softwareLoopback", help="iana-if-type identity (default softwareLoopback)")
    args = p.parse_args()
    config = common.payload("set-source-interface.xml", interface=args.interface, address=args.address,
                            prefix_length=args.prefix_length, if_type=args.if_type)
    return common.edit_and_commit(args, config)


if __name__ == "__main__":
    sys.exit(main())
