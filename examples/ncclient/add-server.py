#!/usr/bin/env python3
"""Add (or update) a unicast NTP server and commit (add-server.xml).

    .venv/bin/python examples/ncclient/add-server.py --password '<admin password>' --address 192.0.2.10 --iburst
    .venv/bin/python examples/ncclient/add-server.py --password '<admin password>' \\
        --name lab --address 192.0.2.11 --udp-port 10123 --iburst --minpoll -1 --maxpoll 0
"""
import sys

import common


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--name", help="list key (default: the address)")
    p.add_argument("--address", required=True, help="IPv4/IPv6 address or host name")
    p.add_argument("--udp-port", type=int, default=123)
    p.add_argument("--iburst", action="store_true")
    p.add_argument("--prefer", action="store_true")
    p.add_argument("--minpoll", type=int, default=6, help="log2 s, -6..17 (default 6)")
    p.add_argument("--maxpoll", type=int, default=10, help="log2 s, >= minpoll (default 10)")
    args = p.parse_args()
    config = common.payload("add-server.xml", name=args.name or args.address, address=args.address,
                            udp_port=args.udp_port, iburst=str(args.iburst).lower(),
                            prefer=str(args.prefer).lower(), minpoll=args.minpoll, maxpoll=args.maxpoll)
    return common.edit_and_commit(args, config)


if __name__ == "__main__":
    sys.exit(main())
