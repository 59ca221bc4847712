#!/usr/bin/env python3
"""The commit history (meridian-commits): list it, compare, label, roll back with a confirmed commit.

    .venv/bin/python examples/ncclient/history.py --password '<admin password>' list
    .venv/bin/python examples/ncclient/history.py --password '<admin password>' compare 1 running
    .venv/bin/python examples/ncclient/history.py --password '<admin password>' label 1 base --comment 'first servers'
    .venv/bin/python examples/ncclient/history.py --password '<admin password>' rollback --last 1 --confirm-timeout 120 --yes

`rollback N` (or `rollback --last K`: the configuration before the last K commits, as
VRP's `rollback configuration last K`) loads that commit's configuration into the
candidate and commits it as a confirmed commit: running goes back to what it was unless the same session
confirms within the timeout. The script shows what changed and the NTP
associations, then asks (or, with --yes, confirms at once).
"""
import sys
from xml.sax.saxutils import escape

from lxml import etree
from ncclient.xml_ import to_ele

import common

MCMT = "urn:meridian:params:xml:ns:yang:meridian-commits"
NS = {"c": MCMT, "mntp": common.MNTP}


def rpc(m, name: str, body: str = ""):
    return m.dispatch(to_ele(f'<{name} xmlns="{MCMT}">{body}</{name}>'))


def text(e, name: str) -> str:
    found = e.find(f"c:{name}", NS)
    return "" if found is None or found.text is None else found.text


def print_edits(parent, indent: str = "  ") -> None:
    for edit in parent.findall("c:edit", NS):
        value = text(edit, "value")
        previous = text(edit, "previous-value")
        shown = f"{previous} -> {value}" if previous else value
        print(f"{indent}{text(edit, 'operation'):7} {text(edit, 'target')}{' = ' + shown if shown else ''}")


def commit_ids(m) -> list[str]:
    reply = m.get(filter=("subtree", f'<commits xmlns="{MCMT}"><commit><id/></commit></commits>'))
    return [e.text for e in etree.fromstring(reply.xml.encode()).iter(f"{{{MCMT}}}id")]


def list_history(m) -> int:
    reply = m.get(filter=("subtree", f'<commits xmlns="{MCMT}"><commit/></commits>'))
    if common.errors(reply):
        print("get refused:", *common.errors(reply), sep="\n  ", file=sys.stderr)
        return 1
    for c in etree.fromstring(reply.xml.encode()).iter(f"{{{MCMT}}}commit"):
        who = text(c, "user") + (f" (session {text(c, 'session-id')} from {text(c, 'source-host')})" if text(c, "session-id") else "")
        extra = "".join(f" {k}={text(c, k)!r}" for k in ("label", "comment", "rolled-back-to") if text(c, k))
        print(f"commit {text(c, 'id')}  {text(c, 'time')}  {text(c, 'kind')}  by {who}{extra}")
        print_edits(c)
        for step in c.findall("c:step", NS):
            print(f"    engine: {text(step, 'action')} {text(step, 'target')}")
    return 0


def compare(m, old: str, new: str) -> int:
    reply = rpc(m, "compare", f"<from>{escape(old)}</from><to>{escape(new)}</to>")
    if common.errors(reply):
        print("compare refused:", *common.errors(reply), sep="\n  ", file=sys.stderr)
        return 1
    root = etree.fromstring(reply.xml.encode())
    if root.find(f"{{{MCMT}}}edit") is None:
        print(f"no difference between {old} and {new}")
    print_edits(root, indent="")
    return 0


def label(m, commit_id: str, name: str, comment: str | None) -> int:
    body = f"<commit-id>{escape(commit_id)}</commit-id><label>{escape(name)}</label>"
    if comment is not None:
        body += f"<comment>{escape(comment)}</comment>"
    errs = common.errors(rpc(m, "label-commit", body))
    if errs:
        print("label-commit refused:", *errs, sep="\n  ", file=sys.stderr)
        return 1
    print(f"commit {commit_id} labelled {name!r}")
    return 0


def associations(m) -> list[str]:
    f = f'<system-state xmlns="{common.SYS}"><ntp xmlns="{common.MNTP}"><association/></ntp></system-state>'
    root = etree.fromstring(m.get(filter=("subtree", f)).xml.encode())
    return sorted(a.text for a in root.iter(f"{{{common.MNTP}}}address"))


def rollback(m, commit_id: str, timeout: int, yes: bool) -> int:
    for step, call in (
        ("rollback", lambda: rpc(m, "rollback", f"<commit-id>{escape(commit_id)}</commit-id>")),
        ("compare", lambda: rpc(m, "compare", "<from>running</from><to>candidate</to>")),
        ("confirmed commit", lambda: m.commit(confirmed=True, timeout=str(timeout))),
    ):
        reply = call()
        errs = common.errors(reply)
        if errs:
            print(f"{step} refused:", *errs, sep="\n  ", file=sys.stderr)
            m.discard_changes()
            return 1
        if step == "compare":
            print(f"rolling back to commit {commit_id} changes:")
            print_edits(etree.fromstring(reply.xml.encode()))
    print(f"running is commit {commit_id}'s configuration for {timeout} s; associations: {', '.join(associations(m)) or 'none'}")
    if not yes and input("confirm? [y/N] ").strip().lower() != "y":
        m.cancel_commit()
        print("cancelled: running is back")
        return 0
    errs = common.errors(m.commit())
    if errs:
        print("confirming commit refused:", *errs, sep="\n  ", file=sys.stderr)
        return 1
    print("confirmed")
    return 0


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command")
    sub.add_parser("list", help="the commit history, oldest first (default)")
    c = sub.add_parser("compare", help="the changes from one configuration to another")
    c.add_argument("old", help="commit id, running or candidate")
    c.add_argument("new", nargs="?", default="running", help="commit id, running or candidate (default running)")
    lb = sub.add_parser("label", help="label a commit")
    lb.add_argument("commit_id")
    lb.add_argument("label")
    lb.add_argument("--comment")
    r = sub.add_parser("rollback", help="commit N's configuration as a confirmed commit, then confirm")
    r.add_argument("commit_id", nargs="?")
    r.add_argument("--last", type=int, help="the configuration before the last K commits (instead of N)")
    r.add_argument("--confirm-timeout", type=int, default=120, help="seconds (default 120)")
    r.add_argument("--yes", action="store_true", help="confirm without asking")
    args = p.parse_args()
    if args.dry_run:
        print(f"would run {args.command or 'list'}")
        return 0
    with common.connect(args) as m:
        if args.command == "compare":
            return compare(m, args.old, args.new)
        if args.command == "label":
            return label(m, args.commit_id, args.label, args.comment)
        if args.command == "rollback":
            commit_id = args.commit_id
            if args.last is not None:
                ids = commit_ids(m)
                if not 0 < args.last < len(ids):
                    print(f"the history holds {len(ids)} commits: --last must be from 1 to {len(ids) - 1}", file=sys.stderr)
                    return 1
                commit_id = ids[-1 - args.last]
            if commit_id is None:
                print("rollback: give a commit id or --last K", file=sys.stderr)
                return 2
            return rollback(m, commit_id, args.confirm_timeout, args.yes)
        return list_history(m)


if __name__ == "__main__":
    sys.exit(main())
