#!/usr/bin/env bash
# Regenerates Sources/meridiand/link-order.txt: the functions a release meridiand runs
# (start-up, NETCONF sessions with get-config, <get>, edit-config + commit, NTP serving,
# idle, shutdown), recorded with valgrind's callgrind.
# The linker (Package.swift, meridiand's linkerSettings) places these first, so the code a
# running daemon touches shares pages instead of being spread over the whole binary: the
# idle resident memory drops by ~1.7 MiB (Benchmarks/README.md, "resident memory").
#
#   Benchmarks/link-order.sh            # then swift build, and commit the new list
#
# Run it after changes that move much code (a new toolchain, new dependencies); a stale
# list only orders less well: names it lacks are placed after it, names gone are skipped.
# Needs valgrind (apt-get install valgrind). Traffic stays on loopback; bounded counts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$root/Sources/meridiand/link-order.txt"

command -v valgrind >/dev/null || { echo "link-order.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 1; }
mkdir -p "$here/bin"
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -o "$here/bin/netconf-bench" "$here/netconf-bench.c" $(pkg-config --cflags --libs libssh) -lpthread -lm
gcc -O2 -Wall -Wextra -o "$here/bin/ntp-load" "$here/ntp-load.c"
(cd "$root" && swift build -c release --static-swift-stdlib --product meridiand >&2)
release="$(cd "$root" && swift build -c release --show-bin-path)"

work="$(mktemp -d /tmp/meridian-link-order.XXXXXX)"
# The profiled copy sits next to the real binary (meridiand finds yang/ relative to itself);
# without DWARF, which valgrind 3.19 cannot read for Swift.
profiled="$release/meridiand-link-order"
pid=""
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    rm -rf "$work" "$profiled"
}
trap cleanup EXIT
cp "$release/meridiand" "$profiled"
strip --strip-debug "$profiled"

ssh-keygen -q -t ed25519 -N '' -f "$work/key"
"$profiled" user add bench --state-dir "$work/state" --authorized-key "$work/key.pub" >/dev/null
ntp_port="$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
nc_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
sed -e "s/10123/$ntp_port/" "$root/examples/default-config.xml" >"$work/initial.xml"

valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/callgrind.out" \
# The bench users' sessions bypass NACM (--nacm-recovery-user, issue #20): this measures the protocol, not access control.
    "$profiled" run --state-dir "$work/state" --nacm-recovery-user bench --netconf-listen "127.0.0.1:$nc_port" \
    --initial-config "$work/initial.xml" --log-level info >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$nc_port") 2>/dev/null && break
    sleep 0.5
done

SYS='xmlns="urn:ietf:params:xml:ns:yang:ietf-system"'
bench=("$here/bin/netconf-bench" rpc -p "$nc_port" -u bench -i "$work/key" -c 2 -w 2 -e -k -T 240 -t 60)
"${bench[@]}" -n 20 \
    -r "<get-config><source><running/></source><filter type=\"subtree\"><system $SYS><ntp/></system></filter></get-config>" \
    -r "<get><filter type=\"subtree\"><system-state $SYS/></filter></get>" \
    -r '<get-config><source><running/></source></get-config>' >&2
"${bench[@]}" -n 10 \
    -r "<edit-config><target><candidate/></target><config><system $SYS><ntp><server><name>bench-{s}</name><udp><address>127.101.0.1</address><port>{p}</port></udp></server></ntp></system></config></edit-config>" \
    -r '<commit/>' >&2
"$here/bin/ntp-load" -p "$ntp_port" -n 2000 -d 10 -w 8 >&2 || true
sleep 5
kill -TERM "$pid"
wait "$pid" || true
pid=""

# Sorted by name: which functions come first matters, not their order among themselves
# (measured: the same resident memory), and a sorted list keeps regenerations' diffs small.
python3 - "$work/callgrind.out" "$(basename "$profiled")" <<'PY' | LC_ALL=C sort >"$out"
"""Prints, once each, the functions of the profiled binary that ran (callgrind records
only functions that executed)."""
import re, sys
path, binary = sys.argv[1], sys.argv[2]
objects, functions, seen = {}, {}, set()
current = None
def resolve(table, text):
    m = re.match(r"\((\d+)\)(?: (.*))?$", text)
    if not m:
        return text
    if m.group(2) is not None:
        table[m.group(1)] = m.group(2)
    return table.get(m.group(1))
for line in open(path, errors="replace"):
    if line.startswith("ob="):
        current = resolve(objects, line[3:].rstrip("\n"))
    elif line.startswith("cob="):
        resolve(objects, line[4:].rstrip("\n"))
    elif line.startswith("cfn="):
        resolve(functions, line[4:].rstrip("\n"))
    elif line.startswith("fn="):
        name = resolve(functions, line[3:].rstrip("\n"))
        if not (current and current.endswith("/" + binary) and name):
            continue
        name = name.split("'")[0]  # callgrind's recursion-depth suffix
        if name.startswith("0x") or name.startswith("(") or name in seen:
            continue
        seen.add(name)
        print(name)
PY
# SwiftPM does not see the list as a link input: drop the binary so the next build links again.
rm -f "$release/meridiand"
echo "link-order.sh: $(wc -l <"$out") functions written to $out; swift build links with them" >&2
