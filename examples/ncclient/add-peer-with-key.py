#!/usr/bin/env python3
"""Add a symmetric-active peer authenticated with a trusted key and commit (add-peer-with-key.xml).

    .venv/bin/python examples/ncclient/add-peer-with-key.py --password '<admin password>' \\
        --address 192.0.2.20 --key-id 7 --algorithm md5 --ascii-key s3cret
    .venv/bin/python examples/ncclient/add-peer-with-key.py --password '<admin password>' \\
        --address 192.0.2.20 --key-id 8 --algorithm aes-cmac \\
        --hex-key 000102030405060708090a0b0c0d0e0f --enable-authentication
"""
import sys
from xml.sax.saxutils import escape

import common


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--name", help="list key (default: the address)")
    p.add_argument("--address", required=True)
    p.add_argument("--udp-port", type=int, default=123)
    p.add_argument("--key-id", type=int, required=True, help="1..65535")
    p.add_argument("--algorithm", choices=["md5", "sha1", "aes-cmac"], default="md5")
    secret = p.add_mutually_exclusive_group(required=True)
    secret.add_argument("--hex-key", help="hex octets (aes-cmac: exactly 16 octets, 32 hex digits)")
    secret.add_argument("--ascii-key", help="1..20 printable characters, no spaces")
    p.add_argument("--enable-authentication", action="store_true",
                   help="also set authentication/enabled true (only trusted keys authenticate sources)")
    args = p.parse_args()
    leaf = f"<hex-key>{args.hex_key}</hex-key>" if args.hex_key else f"<ascii-key>{escape(args.ascii_key)}</ascii-key>"
    config = common.payload("add-peer-with-key.xml", name=args.name or args.address, address=args.address,
                            udp_port=args.udp_port, key_id=args.key_id, algorithm=args.algorithm,
                            secret_leaf=leaf, auth_enabled=str(args.enable_authentication).lower())
    return common.edit_and_commit(args, config)


if __name__ == "__main__":
    sys.exit(main())
