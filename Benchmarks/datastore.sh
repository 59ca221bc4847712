#!/usr/bin/env bash
# Datastore benchmarks (issue #3): get-config, <get> of the NTP state and
# edit-config + commit of one /system/ntp/server entry, on 1 and 8 sessions,
# with 10 and with 1,000 servers in running; commit latency of 1,000 servers;
# server CPU per measured operation (netconf-bench -S) and resident memory idle and
# with 100 sessions. Every server address is on loopback (127.100.0.0/16, a
# port nobody listens on), so the engine's polls never leave the machine.
#
#   MERIDIAND=/abs/path/to/release/meridiand NETCONF_BENCH=/path/netconf-bench Benchmarks/datastore.sh
#   ROWS=nacm ... Benchmarks/datastore.sh    # only the NACM rows (issue #20)
#   ROWS=history ... Benchmarks/datastore.sh # only the commit-history rows (issue #22)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${MERIDIAND:?set MERIDIAND}" "${NETCONF_BENCH:?set NETCONF_BENCH}"
N_GET="${N_GET:-2000}"
N_EDIT="${N_EDIT:-800}"
# The engine's UDP port in the benchmark configuration (another benchmark may hold the default).
NTP_PORT="${NTP_PORT:-10998}"
work="$(mktemp -d /tmp/meridian-dsbench.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; sleep 0.5; rm -rf "$work"; }
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/key"
SYS='xmlns="urn:ietf:params:xml:ns:yang:ietf-system"'
MNTP='xmlns="urn:meridian:params:xml:ns:yang:meridian-ntp"'

servers() { # servers COUNT -> <server> elements on 127.100.x.y
    for i in $(seq 1 "$1"); do
        printf '<server><name>s%d</name><udp><address>127.100.%d.%d</address><port>10999</port></udp></server>' "$i" $((i / 250)) $((i % 250 + 1))
    done
}

NACM_NS='xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-acm"'
SYS_PREFIX='xmlns:sys="urn:ietf:params:xml:ns:yang:ietf-system"'
rule() { # rule NAME MODULE TARGET OPERATIONS ACTION
    printf '<rule><name>%s</name><module-name>%s</module-name>%s<access-operations>%s</access-operations><action>%s</action></rule>' "$@"
}
# NACM (issue #20): `admin` (the default) puts bench in a group with one permit-all rule;
# `off` sets enable-nacm false; `rules20` gives bench a 20-rule rule-list: 17 RPC rules, a
# read deny and an update deny on /system/location (so reads are pruned and every write is
# checked node by node), then permit-all.
nacm() { # nacm MODE
    local body=""
    case "$1" in
    off) printf '<nacm %s><enable-nacm>false</enable-nacm></nacm>' "$NACM_NS"; return ;;
    rules20)
        for i in $(seq 1 17); do body+="$(rule "rpc-$i" meridian-ntp "<rpc-name>rpc-$i</rpc-name>" exec permit)"; done
        body+="$(rule no-location-read ietf-system "<path $SYS_PREFIX>/sys:system/sys:location</path>" read deny)"
        body+="$(rule no-location-write ietf-system "<path $SYS_PREFIX>/sys:system/sys:location</path>" update deny)" ;;
    esac
    body+="$(rule permit-all '*' '' '*' permit)"
    printf '<nacm %s><groups><group><name>bench</name><user-name>bench</user-name></group></groups><rule-list><name>bench</name><group>bench</group>%s</rule-list></nacm>' "$NACM_NS" "$body"
}

config_file() { # [NACM=MODE] config_file COUNT FILE
    printf '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><system %s><location>rack</location><ntp><port %s>%s</port>%s</ntp></system>%s</config>' \
        "$SYS" "$MNTP" "$NTP_PORT" "$(servers "$1")" "$(nacm "${NACM:-admin}")" > "$2"
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }

start() { # [NACM=MODE] start SERVERS
    rm -rf "$work/state"; mkdir -p "$work/state"
    "$MERIDIAND" user add bench --state-dir "$work/state" --authorized-key "$work/key.pub" >/dev/null
    config_file "$1" "$work/initial.xml"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    # HISTORY=N: meridiand run --commit-history N (0: off); unset: the daemon's default (100).
    "$MERIDIAND" run --state-dir "$work/state" --netconf-listen "127.0.0.1:$port" --initial-config "$work/initial.xml" \
        ${HISTORY:+--commit-history "$HISTORY"} --max-sessions 300 --max-startups 300 --per-source-max-startups none --log-level warning 2>"$work/log" &
    pid=$!
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "datastore.sh: meridiand did not start" >&2; cat "$work/log" >&2; exit 1
}

stop() { kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

bench() { # [WARMUP=N] bench LABEL CONNS COUNT -r ... : prints one table row
    # Server CPU per operation: netconf-bench -S reads the daemon's threads' run time
    # (/proc/PID/task/*/schedstat) when every session is warm and after the last measured
    # reply, so session setup, warm-up and close are not in it.
    local label="$1" conns="$2" count="$3"; shift 3
    local out
    out="$("$NETCONF_BENCH" rpc -p "$port" -u bench -i "$work/key" -c "$conns" -n "$count" -w "${WARMUP:-20}" -e -k -T 240 -S "$pid" "$@")"
    python3 - "$label" "$conns" "$out" <<'PY'
import re, sys
label, conns, out = sys.argv[1:4]
kv = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', out))
ok = int(kv.get("ok", 0)); failed = int(kv.get("failed", 0))
cpu_us = float(kv.get("server_cpu_us", "nan"))
print(f"| {label} | {conns} | {ok}/{ok + failed} | {float(kv.get('rate', 'nan')):.0f} ops/s | "
      f"{float(kv.get('p50', 'nan')) / 1000:.2f} ms | {float(kv.get('p99', 'nan')) / 1000:.2f} ms | {cpu_us:.0f} µs |" + (f" error: {kv.get('error')}" if failed else ""))
PY
}

GETCONFIG='<get-config><source><running/></source><filter type="subtree"><system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp/></system></filter></get-config>'
GETSTATE='<get><filter type="subtree"><system-state xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp xmlns="urn:meridian:params:xml:ns:yang:meridian-ntp"><association/></ntp></system-state></filter></get>'
EDIT="<edit-config><target><candidate/></target><config><system $SYS><ntp><server><name>bench-{s}</name><udp><address>127.101.0.1</address><port>{p}</port></udp></server></ntp></system></config></edit-config>"
COMMIT='<commit/>'

echo "| benchmark | sessions | ok | throughput | p50 | p99 | server CPU/op |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
nacm_rows() {
    # NACM (issue #20): the same operations with access control off and with a 20-rule
    # rule-list, same run, 1,000 servers; alternated twice (the machine's noise shows).
    for round in 1 2; do
        for mode in off rules20; do
            NACM=$mode start 1000
            bench "get-config, NACM $mode (round $round)" 1 "$N_GET" -r "$GETCONFIG"
            bench "edit-config + commit, NACM $mode (round $round)" 1 "$N_EDIT" -r "$EDIT" -r "$COMMIT"
            stop
        done
    done
}
history_rows() {
    # Commit history (issue #22): edit-config + commit with the history off (--commit-history
    # 0) and on (100 commits kept, written with running at every commit), same run,
    # alternated twice; 10 and 1,000 servers (HISTORY_SERVERS="10" for one size).
    for round in 1 2; do
        for n in ${HISTORY_SERVERS:-10 1000}; do
            for history in ${HISTORY_SIZES:-0 100}; do
                HISTORY=$history start "$n"
                bench "edit-config + commit, $n servers, history $history (round $round)" 1 "$N_EDIT" -r "$EDIT" -r "$COMMIT"
                bench "edit-config + commit, $n servers, history $history (round $round)" 8 $((N_EDIT / 8)) -r "$EDIT" -r "$COMMIT"
                stop
            done
        done
    done
}
case "${ROWS:-all}" in
nacm) nacm_rows; exit 0 ;;
history) history_rows; exit 0 ;;
esac
for n in 10 1000; do
    start "$n"
    bench "get-config, $n servers" 1 "$N_GET" -r "$GETCONFIG"
    bench "get-config, $n servers" 8 $((N_GET / 8)) -r "$GETCONFIG"
    bench "get of associations, $n servers" 1 $((N_GET / 4)) -r "$GETSTATE"
    bench "edit-config + commit, $n servers" 1 "$N_EDIT" -r "$EDIT" -r "$COMMIT"
    bench "edit-config + commit, $n servers" 8 $((N_EDIT / 8)) -r "$EDIT" -r "$COMMIT"
    stop
done

nacm_rows
history_rows

# Commit of 1,000 servers at once, into an empty running configuration.
start 0
config_file 1000 "$work/thousand.xml"
sed -i 's|^<config|<edit-config><target><candidate/></target><config|; s|</config>$|</config></edit-config>|' "$work/thousand.xml"
# No warm-up here: it would commit the 1,000 servers before the measured commit.
WARMUP=0 bench "edit-config + commit of 1,000 servers" 1 1 -r "@$work/thousand.xml" -r "$COMMIT"
venv_python="${VENV_PYTHON:-$here/../.venv/bin/python}"
if [ -x "$venv_python" ] && "$venv_python" -c 'import ncclient' 2>/dev/null; then
    c2p="$(timeout 300 "$venv_python" "$here/commit-to-packet.py" "$port" bench "$work/key" 20)"
else
    c2p="skipped: no .venv with ncclient (make venv)"
fi
"$NETCONF_BENCH" hold -p "$port" -u bench -i "$work/key" -c 100 -t 30 -T 120 -k >/dev/null
big_hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")"
stop

# Memory of a fresh daemon with the 10-server configuration: idle (after 2 s), then the
# high-water mark with 100 sessions open at once.
start 10
sleep 2
idle_rss="$(rss_kib)"
"$NETCONF_BENCH" hold -p "$port" -u bench -i "$work/key" -c 100 -t 30 -T 120 -k >/dev/null
hwm="$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")"
stop
echo
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
echo "resident memory: idle $(mib "$idle_rss") MiB; peak with 100 sessions open $(mib "$hwm") MiB (10 servers, fresh daemon); peak after the 1,000-server commit with 100 sessions $(mib "$big_hwm") MiB"
echo "commit reply -> first packet of the new association (Benchmarks/commit-to-packet.py, iburst, negative = before the reply): $c2p"
