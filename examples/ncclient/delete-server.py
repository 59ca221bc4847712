#!/usr/bin/env python3
"""Delete a server or peer by name (nc:operation="delete") and commit (delete-server.xml).

    .venv/bin/python examples/ncclient/delete-server.py --password '<admin password>' --name 192.0.2.10
"""
import sys

import common


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--name", required=True)
    args = p.parse_args()
    return common.edit_and_commit(args, common.payload("delete-server.xml", name=args.name))


if __name__ == "__main__":
    sys.exit(main())
