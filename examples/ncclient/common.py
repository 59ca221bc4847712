"""Shared by the example scripts: command-line options, connecting, editing.

Every script takes --host/--port/--user/--password (the port may also come from
$MERIDIAN_PORT, the password from $MERIDIAN_PASSWORD). Payloads are the *.xml files next to this one, with
$placeholders filled in by string.Template.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape

from lxml import etree
from ncclient import manager
from ncclient.operations import RaiseMode

HERE = Path(__file__).resolve().parent
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("MERIDIAN_PORT") or 8830),
                   help="NETCONF over SSH port (default: $MERIDIAN_PORT, else 8830, make run's)")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default=os.environ.get("MERIDIAN_PASSWORD"),
                   help="default: $MERIDIAN_PASSWORD")
    p.add_argument("--dry-run", action="store_true", help="print the <config> and send nothing")
    return p


def connect(args) -> manager.Manager:
    if not args.password:
        sys.exit("no password: use --password or set MERIDIAN_PASSWORD")
    m = manager.connect(host=args.host, port=args.port, username=args.user, password=args.password,
                        hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30)
    m.raise_mode = RaiseMode.NONE
    return m


def payload(file: str, **values) -> str:
    """examples/ncclient/FILE without its comments, $placeholders substituted (XML-escaped,
    except values whose name ends in _leaf: those are XML already)."""
    text = re.sub(r"<!--.*?-->\s*", "", (HERE / file).read_text(), flags=re.S)
    return Template(text).substitute(
        **{k: str(v) if k.endswith("_leaf") else escape(str(v)) for k, v in values.items()})


def errors(reply) -> list[str]:
    root = etree.fromstring(reply.xml.encode())
    out = []
    for e in root.iter(f"{{{NC}}}rpc-error"):
        fields = {etree.QName(c).localname: (c.text or "").strip() for c in e}
        out.append(" ".join(f"{k}={fields[k]!r}" for k in ("error-tag", "error-app-tag", "error-path", "error-message")
                            if fields.get(k)))
    return out


def edit_and_commit(args, config: str) -> int:
    """edit-config (merge) into candidate, validate, commit; prints rpc-errors; exit status."""
    if args.dry_run:
        print(config)
        return 0
    with connect(args) as m:
        for step, call in (("edit-config", lambda: m.edit_config(target="candidate", config=config)),
                           ("validate", lambda: m.validate(source="candidate")),
                           ("commit", lambda: m.commit())):
            reply = call()
            errs = errors(reply)
            if errs:
                print(f"{step} refused:", *errs, sep="\n  ", file=sys.stderr)
                m.discard_changes()
                return 1
        print("committed")
        return 0
