#!/usr/bin/env python3
"""Make USER a read-only operator: NACM group `operators` whose rule-list denies every write.

    .venv/bin/python examples/ncclient/nacm-readonly-operator.py --password '<admin password>' olga
    .venv/bin/python examples/ncclient/nacm-readonly-operator.py --password '<admin password>' --dry-run olga

The NETCONF user itself is made with `make user NAME=olga` (meridiand user add).
Run as a user who may write /nacm (make run's `admin`). With the defaults of
ietf-netconf-acm every user not in a group may already read (but no key secrets
and no /nacm) and write nothing; the explicit group documents the intent and keeps
olga read-only even if write-default is later set to permit. kill-session and
delete-config stay denied to her (nacm:default-deny-all).
"""
import sys

import common

NACM = "urn:ietf:params:xml:ns:yang:ietf-netconf-acm"


def config(user: str) -> str:
    return f"""<config xmlns="{common.NC}">
  <nacm xmlns="{NACM}">
    <groups><group><name>operators</name><user-name>{common.escape(user)}</user-name></group></groups>
    <rule-list>
      <name>operators</name>
      <group>operators</group>
      <rule>
        <name>deny-writes</name>
        <module-name>*</module-name>
        <access-operations>create update delete</access-operations>
        <action>deny</action>
        <comment>Operators read; they never change the configuration.</comment>
      </rule>
      <rule>
        <name>deny-write-operations</name>
        <module-name>ietf-netconf</module-name>
        <rpc-name>edit-config</rpc-name>
        <access-operations>exec</access-operations>
        <action>deny</action>
      </rule>
    </rule-list>
  </nacm>
</config>"""


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("operator", help="the NETCONF user to make a read-only operator")
    args = p.parse_args()
    body = config(args.operator)
    if args.dry_run:
        print(body)
        return 0
    with common.connect(args) as m:
        for reply in (m.edit_config(target="candidate", config=body), m.commit()):
            errs = common.errors(reply)
            if errs:
                print("refused:", *errs, sep="\n  ", file=sys.stderr)
                m.discard_changes()
                return 1
    print(f"{args.operator} is a read-only operator (group operators)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
