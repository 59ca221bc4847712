#!/usr/bin/env bash
# Notification benchmarks (issue #21): event -> <notification> on the wire, p50 and p99,
# with 1 and with 100 subscribers (Benchmarks/notification-subscribers.py: each event a
# commit from another session, each sample one subscriber's receipt minus the event's
# <eventTime>); and edit-config + commit throughput on 8 sessions with no subscriber and
# with 100 subscribers reading every event, in the same run on the same daemon.
#
#   MERIDIAND=/abs/path/to/release/meridiand NETCONF_BENCH=/path/netconf-bench Benchmarks/notifications.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${MERIDIAND:?set MERIDIAND}" "${NETCONF_BENCH:?set NETCONF_BENCH}"
N_EDIT="${N_EDIT:-800}"
N_EVENTS="${N_EVENTS:-200}"
SUBSCRIBERS="${SUBSCRIBERS:-100}"
python="${VENV_PYTHON:-$here/../.venv/bin/python}"
work="$(mktemp -d /tmp/meridian-notifbench.XXXXXX)"
pid=""
holder=""
cleanup() {
    [ -n "$holder" ] && kill "$holder" 2>/dev/null
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    sleep 0.5
    rm -rf "$work"
}
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/key"
SYS='xmlns="urn:ietf:params:xml:ns:yang:ietf-system"'
mkdir -p "$work/state"
"$MERIDIAND" user add bench --state-dir "$work/state" --authorized-key "$work/key.pub" >/dev/null
printf '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><system %s><location>rack</location></system></config>' "$SYS" >"$work/initial.xml"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# The servers the edits add make the engine bind its NTP port: a free one, never 123.
ntp_port="$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$MERIDIAND" run --state-dir "$work/state" --netconf-listen "127.0.0.1:$port" --initial-config "$work/initial.xml" --ntp-port "$ntp_port" \
    --nacm-recovery-user bench --max-sessions 300 --max-startups 300 --per-source-max-startups none \
    --log-level "${BENCH_LOG_LEVEL:-warning}" 2>"$work/log" &
pid=$!
for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
done

latency() { # latency SUBSCRIBERS -> one table row
    local out
    out="$(timeout 600 "$python" "$here/notification-subscribers.py" latency "$port" bench "$work/key" "$1" "$N_EVENTS")"
    python3 - "$1" "$out" <<'PY'
import re, sys
n, out = sys.argv[1:3]
kv = dict(re.findall(r'(\w+)=(\S+)', out))
print(f"| event -> notification on the wire, {n} subscriber{'s' if n != '1' else ''} | {kv['samples']} samples | "
      f"max {float(kv['max_us']) / 1000:.2f} ms | {float(kv['p50_us']) / 1000:.2f} ms | {float(kv['p99_us']) / 1000:.2f} ms | |")
PY
}

EDIT="<edit-config><target><candidate/></target><config><system $SYS><ntp><server><name>bench-{s}</name><udp><address>127.101.0.1</address><port>{p}</port></udp></server></ntp></system></config></edit-config>"
throughput() { # throughput LABEL -> one table row
    local out
    out="$("$NETCONF_BENCH" rpc -p "$port" -u bench -i "$work/key" -c 8 -n "$N_EDIT" -w 20 -e -k -T 240 -S "$pid" -r "$EDIT" -r '<commit/>')"
    python3 - "$1" "$out" <<'PY'
import re, sys
label, out = sys.argv[1:3]
kv = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', out))
ok = int(kv.get("ok", 0)); failed = int(kv.get("failed", 0))
print(f"| edit-config + commit, 8 sessions, {label} | {ok}/{ok + failed} | {float(kv.get('rate', 'nan')):.0f} ops/s | "
      f"{float(kv.get('p50', 'nan')) / 1000:.2f} ms | {float(kv.get('p99', 'nan')) / 1000:.2f} ms | "
      f"{float(kv.get('server_cpu_us', 'nan')):.0f} µs |")
PY
}

echo "| benchmark | samples / ok | figure | p50 | p99 | server CPU/op |"
echo "| --- | --- | --- | --- | --- | --- |"
latency 1
latency "$SUBSCRIBERS"
throughput "no subscriber"
mkfifo "$work/hold-in"
"$python" "$here/notification-subscribers.py" hold "$port" bench "$work/key" "$SUBSCRIBERS" <"$work/hold-in" >"$work/hold-out" &
holder=$!
exec 4>"$work/hold-in"
for _ in $(seq 1 600); do grep -q ready "$work/hold-out" 2>/dev/null && break; sleep 0.1; done
throughput "$SUBSCRIBERS subscribers"
exec 4>&-
wait "$holder" || true
holder=""
echo "($SUBSCRIBERS subscribers during the second run: $(grep -o 'received=.*' "$work/hold-out"))"
