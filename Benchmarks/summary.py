#!/usr/bin/env python3
"""The targets of issue #6 in one table, read from the outputs of one `make bench` run.

    summary.py RUN_OUT DATASTORE_OUT NTP_OUT NETCONFD_OUT

Each input is what the script of that name printed (Markdown tables and a few
`key: value` lines). A figure that is missing (a script skipped or failed) shows
as "-" and its target as "not measured". Ratios are Meridian / peer, both
measured in this run on this machine.
"""
import re
import sys


def read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""


def rows(text):
    """Markdown table rows as lists of stripped cells."""
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|") and not line.startswith("| ---"):
            result.append([cell.strip() for cell in line.strip("|").split("|")])
    return result


def find(table, label, columns=None):
    """First row whose first cell starts with `label` and whose other cells match `columns`
    ({index: text})."""
    columns = columns or {}
    for row in table:
        if row and row[0].startswith(label) and all(
                len(row) > index and row[index] == value for index, value in columns.items()):
            return row
    return None


def number(cell, unit_scale=None):
    """The first number in a cell, scaled by its unit ("12.3 ms", "850 µs", "4.1 us")."""
    if cell is None:
        return None
    match = re.search(r"(-?[0-9][0-9,]*\.?[0-9]*)\s*(ms|µs|us|s\b|MiB)?", cell)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    unit = match.group(2)
    if unit_scale and unit in unit_scale:
        value *= unit_scale[unit]
    return value


TO_MS = {"µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}


def cell(row, index):
    return row[index] if row is not None and len(row) > index else None


def main():
    run_out, datastore_out, ntp_out, netconfd_out = (read(path) for path in sys.argv[1:5])
    run_rows, ds_rows, ntp_rows, ncd_rows = rows(run_out), rows(datastore_out), rows(ntp_out), rows(netconfd_out)
    figures = []  # (figure, meridian, peer, ratio, target text, met)

    def add(figure, meridian, peer, fmt, target, test):
        ratio = meridian / peer if meridian is not None and peer not in (None, 0) else None
        met = test(meridian, peer, ratio) if meridian is not None else None
        figures.append((figure, meridian, peer, ratio, fmt, target, met))

    # NTP (ntp.sh: | figure | meridiand | ntp-lab | chronyd | ratio |)
    cpu = find(ntp_rows, "server CPU-µs per reply")
    add("NTP server CPU per reply, µs (rate limit off)", number(cell(cpu, 1)), number(cell(cpu, 3)), "%.2f",
        "≤ 0.67 × chronyd", lambda m, p, r: r is not None and r <= 1 / 1.5)
    p50 = find(ntp_rows, "p50 latency µs at 1k req/s")
    add("NTP reply latency p50 at 1k req/s, µs", number(cell(p50, 1)), number(cell(p50, 3)), "%.1f",
        "≤ chronyd", lambda m, p, r: r is not None and r <= 1)
    sync = find(ntp_rows, "time to synchronized, iburst, default polling")
    add("time to synchronized, iburst, default polling, s", number(cell(sync, 1)), number(cell(sync, 3)), "%.2f",
        "≤ 2 s", lambda m, p, r: m <= 2)
    seed = find(ntp_rows, "seed chain")
    add("seed chain, E at stratum 4, fast polling, s", number(cell(seed, 1)), number(cell(seed, 3)), "%.2f",
        "≤ 2 s", lambda m, p, r: m <= 2)
    rms = find(ntp_rows, "steady loopback offset RMS")
    add("steady loopback offset RMS, fast polling, ns", number(cell(rms, 1)), number(cell(rms, 3)), "%.1f",
        "≤ chronyd", lambda m, p, r: r is not None and r <= 1)

    # NETCONF (datastore.sh: | benchmark | sessions | ok | throughput | p50 | p99 | CPU/op |;
    # netconfd.sh: ... | netconfd CPU/op | sshd + netconf-subsystem CPU/op |)
    ours = find(ds_rows, "get-config, 10 servers", {1: "1"})
    theirs = find(ncd_rows, "get-config /system/ntp, 10 servers", {1: "1"})
    add("get-config server CPU per op, µs (Meridian incl. SSH; netconfd alone)", number(cell(ours, 6)),
        number(cell(theirs, 6)), "%.0f", "≤ 1/5 of netconfd's", lambda m, p, r: r is not None and r <= 0.2)
    with_sshd = None
    if theirs is not None and number(cell(theirs, 6)) is not None and number(cell(theirs, 7)) is not None:
        with_sshd = number(cell(theirs, 6)) + number(cell(theirs, 7))
    add("get-config server CPU per op, µs (both incl. SSH: netconfd + sshd + subsystem)", number(cell(ours, 6)),
        with_sshd, "%.0f", "(context)", lambda m, p, r: None)
    ours = find(ds_rows, "edit-config + commit, 10 servers", {1: "8"})
    theirs = find(ncd_rows, "edit-config + commit", {1: "8"})
    add("edit-config + commit ops/s, 8 sessions, durable", number(cell(ours, 3)), number(cell(theirs, 3)), "%.0f",
        "≥ 5 × netconfd", lambda m, p, r: r is not None and r >= 5)
    # netconfd does not write running at commit; made durable by a copy-config to startup
    # after each commit (what Meridian's commit includes), for context.
    durable = find(ncd_rows, "edit-config + commit + copy-config to startup", {1: "8"})
    add("edit-config + commit ops/s, 8 sessions (peer made durable: + copy-config to startup)", number(cell(ours, 3)),
        number(cell(durable, 3)), "%.0f", "(context)", lambda m, p, r: None)
    ours = find(run_rows, "session setup, ed25519 key")
    theirs = find(ncd_rows, "session setup, ed25519 key")
    add("session setup p50, public key, ms", number(cell(ours, 4), TO_MS), number(cell(theirs, 4), TO_MS), "%.2f",
        "≤ 40 ms", lambda m, p, r: m <= 40)
    commit1000 = find(ds_rows, "edit-config + commit of 1,000 servers")
    add("commit of 1,000 servers, ms", number(cell(commit1000, 4), TO_MS), None, "%.1f",
        "≤ 100 ms", lambda m, p, r: m <= 100)
    get1000 = find(ds_rows, "get of associations, 1000 servers", {1: "1"})
    add("get of 1,000 associations, p50 ms", number(cell(get1000, 4), TO_MS), None, "%.1f",
        "≤ 100 ms", lambda m, p, r: m <= 100)
    c2p = re.search(r"first packet.*?p50_ms=(-?[0-9.]+).*?max_ms=(-?[0-9.]+)", datastore_out)
    add("commit reply → first packet of a new association, max ms", float(c2p.group(2)) if c2p else None, None,
        "%.2f", "≤ 5 ms", lambda m, p, r: m <= 5)
    memory = re.search(r"resident memory: idle ([0-9.]+) MiB; peak with 100 sessions open ([0-9.]+) MiB", datastore_out)
    peer_idle = re.search(r"idle netconfd ([0-9.]+) MiB \+ listening sshd ([0-9.]+) MiB", netconfd_out)
    peer_busy = re.search(r"netconfd ([0-9.]+) MiB \(VmHWM", netconfd_out)
    add("resident memory idle, MiB (peer: netconfd alone)", float(memory.group(1)) if memory else None,
        float(peer_idle.group(1)) if peer_idle else None, "%.1f", "≤ 20 MiB", lambda m, p, r: m <= 20)
    add("resident memory with 100 sessions, MiB (peer: netconfd alone)", float(memory.group(2)) if memory else None,
        float(peer_busy.group(1)) if peer_busy else None, "%.1f", "≤ 40 MiB", lambda m, p, r: m <= 40)

    def show(value, fmt):
        return "-" if value is None else fmt % value

    print("| figure | Meridian | peer (chronyd / netconfd) | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for figure, meridian, peer, ratio, fmt, target, met in figures:
        verdict = "not measured" if meridian is None else ("" if met is None else ("yes" if met else "no"))
        print(f"| {figure} | {show(meridian, fmt)} | {show(peer, fmt)} | "
              f"{'-' if ratio is None else f'{ratio:.2f}'} | {target} | {verdict} |")


if __name__ == "__main__":
    main()
