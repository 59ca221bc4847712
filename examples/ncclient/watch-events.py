#!/usr/bin/env python3
"""Subscribe to the NETCONF event stream (RFC 5277) and print NTP and configuration events.

    .venv/bin/python examples/ncclient/watch-events.py --password '<admin password>' --since 3600 --count 2
    .venv/bin/python examples/ncclient/watch-events.py --password '<admin password>' --only config --count 1 --timeout 1

Without --count it prints until interrupted (Ctrl-C). --since S replays the events of the last
S seconds first (the server keeps them across restarts), then a line "replay complete".
--only config|sessions subscribes with a subtree filter (RFC 5277 §3.6): configuration
changes and confirmed commits, or session starts and ends; --only ntp keeps the NTP engine's
events (those of module meridian-ntp, picked here by namespace). --xml prints each
<notification> as received.
"""
import datetime
import sys

from lxml import etree

import common

NCN = "urn:ietf:params:xml:ns:yang:ietf-netconf-notifications"
MNTP = common.MNTP
FILTERS = {
    "config": [f'<netconf-config-change xmlns="{NCN}"/>', f'<netconf-confirmed-commit xmlns="{NCN}"/>'],
    "sessions": [f'<netconf-session-start xmlns="{NCN}"/>', f'<netconf-session-end xmlns="{NCN}"/>'],
    # Whatever meridian-ntp's notifications are named: kept by namespace, below.
    "ntp": None,
}


def describe(content) -> str:
    """One line for a notification's content element."""
    name = etree.QName(content).localname
    text = lambda path: content.findtext(path, namespaces={"n": NCN}) or ""
    who = lambda prefix: (f"{text(prefix + 'n:username')} (session {text(prefix + 'n:session-id')}"
                          f" from {text(prefix + 'n:source-host') or '?'})")
    if name == "netconf-config-change":
        author = "the server" if content.find("n:changed-by/n:server", {"n": NCN}) is not None else who("n:changed-by/")
        edits = [f"{e.findtext('n:operation', namespaces={'n': NCN})} {e.findtext('n:target', namespaces={'n': NCN}).strip()}"
                 for e in content.findall("n:edit", {"n": NCN})]
        shown = ", ".join(edits[:5]) + (f", ... ({len(edits)} edits)" if len(edits) > 5 else "")
        return f"config change of {text('n:datastore')} by {author}: {shown}"
    if name == "netconf-confirmed-commit":
        timeout = f", timeout {text('n:timeout')} s" if text("n:timeout") else ""
        return f"confirmed commit: {text('n:confirm-event')}{timeout}"
    if name == "netconf-session-start":
        return f"session start: {who('')}"
    if name == "netconf-session-end":
        killed = f" by session {text('n:killed-by')}" if text("n:killed-by") else ""
        return f"session end: {who('')}, {text('n:termination-reason')}{killed}"
    if name in ("replayComplete", "notificationComplete"):
        return {"replayComplete": "replay complete", "notificationComplete": "subscription ended"}[name]
    leaves = [f"{etree.QName(e).localname}={e.text.strip()}" for e in content.iter() if e is not content and e.text and e.text.strip()]
    return f"{name}: {' '.join(leaves)}"


def main() -> int:
    p = common.parser(__doc__.splitlines()[0])
    p.add_argument("--since", type=float, help="replay the events of the last SINCE seconds first")
    p.add_argument("--only", choices=sorted(FILTERS), help="only these events (a subtree filter)")
    p.add_argument("--count", type=int, help="exit after this many notifications")
    p.add_argument("--timeout", type=float, help="exit (status 0) after this many seconds without a notification")
    p.add_argument("--xml", action="store_true", help="print each notification's XML")
    args = p.parse_args()
    kwargs = {}
    if args.only and FILTERS[args.only]:
        kwargs["filter"] = FILTERS[args.only]  # ncclient: a list is a subtree filter of these elements
    if args.since is not None:
        start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=args.since)
        kwargs["start_time"] = start.isoformat().replace("+00:00", "Z")
    if args.dry_run:
        print(kwargs)
        return 0
    with common.connect(args) as m:
        reply = m.create_subscription(**kwargs)
        if not reply.ok:
            print("\n".join(common.errors(reply)), file=sys.stderr)
            return 1
        seen = 0
        while args.count is None or seen < args.count:
            n = m.take_notification(block=True, timeout=args.timeout)
            if n is None:
                break
            root = n.notification_ele
            time = root.findtext("{urn:ietf:params:xml:ns:netconf:notification:1.0}eventTime")
            content = next(c for c in root if etree.QName(c).localname != "eventTime")
            if args.only == "ntp" and etree.QName(content).namespace != MNTP and "Complete" not in etree.QName(content).localname:
                continue
            seen += 1
            print(n.notification_xml if args.xml else f"{time}  {describe(content)}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
