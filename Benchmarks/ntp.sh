#!/usr/bin/env bash
# Meridian's NTP server side by side with chronyd, in one run, on loopback.
#
#   MERIDIAND=/abs/path/to/release/meridiand Benchmarks/ntp.sh
#
# Servers, one after another, each pinned to CPU 0 (taskset -c 0), the load
# generator (Benchmarks/ntp-load.c) pinned to CPU 1:
#   chronyd    `chronyd -x` (never touches the clock), `local stratum 2`,
#              `allow 127.0.0.0/8`, no `ratelimit` directive (rate limiting off)
#   meridiand  `meridiand run --initial-config` with refclock-master 2 on lo
#              (the product; meridian-ntp has no rate-limit setting)
#   ntp-lab    the same NTPEngine without NETCONF, `rateLimitEnabled: false`
# For each: NTP_RUNS (3) closed-loop throughput runs of NTP_SECONDS (5) s
# (replies/s, reply ratio, server CPU-us per reply from /proc/PID/stat
# utime+stime) and NTP_RUNS open-loop runs at 1,000 req/s (p50/p99 latency);
# medians are reported. Then (NTP_SYNC=0 skips it) time to synchronized with
# iburst and default polling against a chronyd `local stratum 2` on
# 127.0.2.1: a fresh chronyd client (from process start until `chronyc -c
# tracking` on its private command port shows stratum 3) and a fresh
# meridiand (from the reply to the NETCONF <commit> that adds the server and
# removes refclock-master until <get> clock-state is synchronized at stratum
# 3; ncclient from .venv), NTP_SYNC_RUNS (3) times each, at most
# NTP_SYNC_TIMEOUT (60) s each, both polled every 20 ms.
#
# Loopback only; every wait is bounded; only PIDs this script started are
# signalled; nothing changes the host clock (chronyd -x, Meridian's default
# virtual clock).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
RUNS="${NTP_RUNS:-3}"
SECS="${NTP_SECONDS:-5}"
SYNC="${NTP_SYNC:-1}"
SYNC_RUNS="${NTP_SYNC_RUNS:-3}"
SYNC_TIMEOUT="${NTP_SYNC_TIMEOUT:-60}"
WINDOW="${NTP_WINDOW:-64}"
RATE=1000
HZ="$(getconf CLK_TCK)"

need() { command -v "$1" >/dev/null 2>&1 || { echo "ntp.sh: $1 is missing ($2)" >&2; exit 1; }; }
need gcc "apt-get install gcc"
need chronyd "apt-get install chrony"
need chronyc "apt-get install chrony"
need taskset "apt-get install util-linux"
need python3 "apt-get install python3"
[ "$(nproc)" -ge 2 ] || { echo "ntp.sh: needs 2 CPUs (server on CPU 0, load on CPU 1)" >&2; exit 1; }

mkdir -p "$here/bin"
load="$here/bin/ntp-load"
gcc -O2 -Wall -Wextra -o "$load" "$here/ntp-load.c"

if [ -z "${MERIDIAND:-}" ]; then
    echo "ntp.sh: MERIDIAND not set; building a release meridiand" >&2
    (cd "$root" && swift build -c release --product meridiand >&2)
    MERIDIAND="$(cd "$root" && swift build -c release --show-bin-path)/meridiand"
fi
[ -x "$MERIDIAND" ] || { echo "ntp.sh: MERIDIAND=$MERIDIAND is not executable" >&2; exit 1; }
NTP_LAB="${NTP_LAB:-$(dirname "$MERIDIAND")/ntp-lab}"
if [ ! -x "$NTP_LAB" ]; then
    echo "ntp.sh: building ntp-lab next to meridiand" >&2
    (cd "$root" && swift build -c release --product ntp-lab >&2)
fi
[ -x "$NTP_LAB" ] || { echo "ntp.sh: $NTP_LAB is not executable" >&2; exit 1; }
PY="$root/.venv/bin/python"
[ -x "$PY" ] || PY=python3

work="$(mktemp -d /tmp/meridian-ntp-bench.XXXXXX)"
chmod 700 "$work"
started=()
stop_pid() { # PID: SIGTERM, up to 10 s, then SIGKILL; only PIDs we started
    local p="$1"
    kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}
cleanup() {
    local p
    for p in "${started[@]}"; do stop_pid "$p"; done
    rm -rf "$work"
}
trap cleanup EXIT

free_udp() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
free_tcp() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, all threads
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR+1)/2]; else printf "%.6g\n", (v[NR/2]+v[NR/2+1])/2}'; }

# wait_ntp_at ADDRESS PORT PID NAME: until one request is answered (30 s at most).
wait_ntp_at() {
    for _ in $(seq 1 300); do
        kill -0 "$3" 2>/dev/null || { echo "ntp.sh: $4 exited" >&2; return 1; }
        "$load" -a "$1" -p "$2" -n 1 -d 1 -t 200 >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "ntp.sh: $4 does not answer on $1:$2" >&2
    return 1
}
wait_ntp() { wait_ntp_at 127.0.0.1 "$@"; }

# chrony_conf DIR ADDRESS NTPPORT CMDPORT LINES...: a private chronyd configuration.
chrony_conf() {
    local dir="$1" address="$2" port="$3" cmdport="$4"
    shift 4
    mkdir -p "$dir"
    {
        echo "port $port"
        [ "$port" = 0 ] || echo "bindaddress $address"
        echo "cmdport $cmdport"
        echo "bindcmdaddress 127.0.0.1"
        echo "pidfile $dir/chronyd.pid"
        echo "dumpdir $dir"
        echo "driftfile $dir/drift"
        printf '%s\n' "$@"
    } >"$dir/chrony.conf"
}
chrony_user=(-u root)
[ "$(id -u)" = 0 ] || chrony_user=(-U)

# measure NAME PID PORT: throughput and latency runs; appends to $work/NAME.*
measure() {
    local name="$1" pid="$2" port="$3" out before after replies
    taskset -c 1 "$load" -p "$port" -n 20000 -d 5 -w "$WINDOW" >/dev/null # warm-up, not measured
    for run in $(seq 1 "$RUNS"); do
        before="$(ticks "$pid")"
        out="$(taskset -c 1 "$load" -p "$port" -n 5000000 -d "$SECS" -s 8 -w "$WINDOW" -k)" || true
        after="$(ticks "$pid")"
        echo "ntp.sh: $name throughput run $run: $out; server ticks $((after - before))" >&2
        replies="$(kv replies "$out")"
        kv replies_per_s "$out" >>"$work/$name.rps"
        kv reply_ratio "$out" >>"$work/$name.ratio"
        kv kod "$out" >>"$work/$name.kod"
        awk -v t=$((after - before)) -v hz="$HZ" -v s="$(kv seconds "$out")" 'BEGIN {if (s > 0) printf "%.0f\n", 100 * t / hz / s}' >>"$work/$name.busy"
        if [ "${replies:-0}" -gt 0 ]; then
            awk -v t=$((after - before)) -v hz="$HZ" -v r="$replies" 'BEGIN {printf "%.2f\n", t * 1e6 / hz / r}' >>"$work/$name.cpu"
        fi
    done
    for run in $(seq 1 "$RUNS"); do
        # 1,000 sockets on distinct loopback sources (-B): ~5 requests per
        # address per run, under any per-client rate limit.
        out="$(taskset -c 1 "$load" -p "$port" -d "$SECS" -r "$RATE" -B -s 1000 -w 1000 -k)" || true
        echo "ntp.sh: $name latency run $run: $out" >&2
        kv p50_us "$out" >>"$work/$name.p50"
        kv p99_us "$out" >>"$work/$name.p99"
        kv reply_ratio "$out" >>"$work/$name.lratio"
    done
}

# --- chronyd -----------------------------------------------------------------
chrony_port="$(free_udp)"
chrony_conf "$work/chrony-server" 127.0.0.1 "$chrony_port" 0 "allow 127.0.0.0/8" "local stratum 2"
taskset -c 0 chronyd -x -d "${chrony_user[@]}" -f "$work/chrony-server/chrony.conf" >"$work/chrony-server/log" 2>&1 &
chrony_pid=$!
started+=("$chrony_pid")
wait_ntp "$chrony_port" "$chrony_pid" chronyd
measure chronyd "$chrony_pid" "$chrony_port"
stop_pid "$chrony_pid"

# --- meridiand ---------------------------------------------------------------
m_ntp="$(free_udp)"
m_nc="$(free_tcp)"
m_state="$work/meridiand/state"
mkdir -p "$m_state"
chmod 700 "$work/meridiand"
password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
printf '%s\n' "$password" | "$MERIDIAND" user add bench --state-dir "$m_state" --password-stdin >/dev/null
sed -e "s/10123/$m_ntp/" -e 's|<stratum>10</stratum>|<stratum>2</stratum>|' "$root/examples/default-config.xml" >"$work/meridiand/initial.xml"
grep -q "<stratum>2</stratum>" "$work/meridiand/initial.xml" || { echo "ntp.sh: examples/default-config.xml changed shape" >&2; exit 1; }

start_meridiand() { # sets m_pid; ready when NETCONF answers with an SSH banner (90 s: first start generates host keys)
    local banner
    taskset -c 0 "$MERIDIAND" run --state-dir "$m_state" --netconf-listen "127.0.0.1:$m_nc" \
        --initial-config "$work/meridiand/initial.xml" --log-level notice >>"$work/meridiand/log" 2>&1 &
    m_pid=$!
    started+=("$m_pid")
    for _ in $(seq 1 900); do
        kill -0 "$m_pid" 2>/dev/null || { echo "ntp.sh: meridiand exited:" >&2; cat "$work/meridiand/log" >&2; exit 1; }
        banner="$(timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$m_nc && head -c 7 <&3" 2>/dev/null || true)"
        [ "$banner" = "SSH-2.0" ] && return 0
        sleep 0.1
    done
    echo "ntp.sh: meridiand not ready after 90 s" >&2
    exit 1
}
start_meridiand
wait_ntp "$m_ntp" "$m_pid" meridiand
measure meridiand "$m_pid" "$m_ntp"

# --- ntp-lab (engine only, rate limiting off) --------------------------------
lab_port="$(free_udp)"
mkdir -p "$work/ntp-lab"
printf '{"port": %s, "listen": ["127.0.0.1"], "refclockMaster": 2, "rateLimitEnabled": false}\n' "$lab_port" >"$work/ntp-lab/config.json"
taskset -c 0 "$NTP_LAB" "$work/ntp-lab/config.json" --status-file "$work/ntp-lab/status.json" --interval 60 \
    >"$work/ntp-lab/log" 2>&1 &
lab_pid=$!
started+=("$lab_pid")
wait_ntp "$lab_port" "$lab_pid" ntp-lab
measure ntp-lab "$lab_pid" "$lab_port"
stop_pid "$lab_pid"

# --- time to synchronized ----------------------------------------------------
cat >"$work/sync.py" <<'EOF'
"""Adds server chronyd (iburst) to a running meridiand over NETCONF, removing
refclock-master; prints seconds from the commit reply until <get> shows
clock-state synchronized at stratum 3 (polled every 20 ms), or `timeout`."""
import sys, time
from lxml import etree
from ncclient import manager

port, password, ntp_address, ntp_port, timeout = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"
config = (
    f'<config xmlns="{NC}" xmlns:nc="{NC}"><system xmlns="{SYS}"><ntp>'
    f'<refclock-master xmlns="{MNTP}" nc:operation="remove"/>'
    f"<server><name>chronyd</name><udp><address>{ntp_address}</address><port>{ntp_port}</port></udp>"
    f"<association-type>server</association-type><iburst>true</iburst></server>"
    f"</ntp></system></config>"
)
clock_filter = ("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><clock-state/></ntp></system-state>')
with manager.connect(host="127.0.0.1", port=int(port), username="bench", password=password, hostkey_verify=False,
                     allow_agent=False, look_for_keys=False, timeout=30) as m:
    m.edit_config(target="candidate", config=config)
    m.commit()
    start = time.monotonic()
    state = {}
    while time.monotonic() - start < timeout:
        root = etree.fromstring(m.get(filter=clock_filter).data_xml.encode())
        clock = root.find(f".//{{{MNTP}}}clock-state")
        state = {etree.QName(c).localname: (c.text or "") for c in clock} if clock is not None else {}
        if state.get("status") == "synchronized" and state.get("stratum") == "3":
            print(f"{time.monotonic() - start:.3f}")
            sys.exit(0)
        time.sleep(0.02)
    print(f"timeout {state}", file=sys.stderr)
    sys.exit(1)
EOF

# chronyd_sync RUN: a fresh chronyd client of the chronyd server; seconds from
# its start until `chronyc tracking` reports stratum 3 (polled every 20 ms).
chronyd_sync() {
    local dir="$work/chrony-client-$1" cmd pid t0 now line
    cmd="$(free_udp)"
    chrony_conf "$dir" - 0 "$cmd" "server $source_address port $source_port iburst"
    t0="$(date +%s.%N)"
    taskset -c 0 chronyd -x -d "${chrony_user[@]}" -f "$dir/chrony.conf" >"$dir/log" 2>&1 &
    pid=$!
    started+=("$pid")
    local result="timeout"
    while :; do
        now="$(date +%s.%N)"
        if awk -v a="$now" -v b="$t0" -v t="$SYNC_TIMEOUT" 'BEGIN {exit !(a - b >= t)}'; then break; fi
        line="$(timeout 2 chronyc -h 127.0.0.1 -p "$cmd" -n -c tracking 2>/dev/null || true)"
        if [ "$(cut -d, -f3 <<<"$line")" = 3 ]; then
            result="$(awk -v a="$now" -v b="$t0" 'BEGIN {printf "%.3f", a - b}')"
            break
        fi
        sleep 0.02
    done
    stop_pid "$pid"
    echo "$result"
}

if [ "$SYNC" != 0 ]; then
    # The time source: a fresh chronyd `local stratum 2` on its own loopback
    # address (meridiand refuses a server that is one of its own addresses,
    # and lo carries 127.0.0.1 in its configuration).
    source_address=127.0.2.1
    source_port="$(free_udp)"
    chrony_conf "$work/chrony-source" "$source_address" "$source_port" 0 "allow 127.0.0.0/8" "local stratum 2"
    taskset -c 0 chronyd -x -d "${chrony_user[@]}" -f "$work/chrony-source/chrony.conf" >"$work/chrony-source/log" 2>&1 &
    source_pid=$!
    started+=("$source_pid")
    wait_ntp_at "$source_address" "$source_port" "$source_pid" "chronyd (time source)"
    for run in $(seq 1 "$SYNC_RUNS"); do
        s="$(chronyd_sync "$run")"
        echo "ntp.sh: chronyd sync run $run: $s s" >&2
        [ "$s" = timeout ] || echo "$s" >>"$work/chronyd.sync"
    done
    for run in $(seq 1 "$SYNC_RUNS"); do
        # A fresh meridiand each run from the refclock-master configuration
        # (the state directory's running configuration is reset first).
        stop_pid "$m_pid"
        rm -f "$m_state/running.xml" "$m_state/startup.xml"
        : >"$work/meridiand/log"
        start_meridiand
        if s="$(timeout $((SYNC_TIMEOUT + 30)) "$PY" "$work/sync.py" "$m_nc" "$password" "$source_address" "$source_port" "$SYNC_TIMEOUT" 2>>"$work/sync.err")"; then
            echo "$s" >>"$work/meridiand.sync"
        else
            s="failed ($(tail -n 1 "$work/sync.err" 2>/dev/null))"
        fi
        echo "ntp.sh: meridiand sync run $run: $s" >&2
    done
fi
stop_pid "$m_pid"

# --- table -------------------------------------------------------------------
med() { if [ -s "$work/$1" ]; then median <"$work/$1"; else echo "-"; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b}'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN {if (v == "-") print "-"; else printf f "\n", v}'; }
row() { # LABEL FILE FORMAT [noratio]
    local m l c r
    m="$(med "meridiand.$2")"
    l="$(med "ntp-lab.$2")"
    c="$(med "chronyd.$2")"
    r="$(ratio "$m" "$c")"
    [ "${4:-}" = noratio ] && r=""
    echo "| $1 | $(fmt "$m" "$3") | $(fmt "$l" "$3") | $(fmt "$c" "$3") | $r |"
}
sum() { if [ -s "$work/$1" ]; then awk '{s += $1} END {print s}' "$work/$1"; else echo "-"; fi; }

echo
echo "NTP server, side by side (Benchmarks/ntp.sh): server on CPU 0, ntp-load on CPU 1, loopback, medians of $RUNS runs."
echo "chronyd $(chronyd --version | awk '{print $4}') (-x, local stratum 2, no ratelimit); meridiand $MERIDIAND (refclock-master 2); ntp-lab = the same engine without NETCONF, rate limiting off."
echo "Throughput: closed loop, $WINDOW requests in flight over 8 sockets, ${SECS} s per run. Latency: open loop at $RATE req/s from 1,000 sockets on distinct 127.201.x.y sources, ${SECS} s per run."
echo
echo "| figure | Meridian (meridiand) | Meridian engine (ntp-lab) | chronyd | ratio meridiand / chronyd |"
echo "| --- | --- | --- | --- | --- |"
row "replies/s, max (higher is better)" rps "%.0f"
row "reply ratio at max" ratio "%.4f"
row "server CPU-µs per reply (lower is better)" cpu "%.2f"
row "server CPU use during those runs, % of one core" busy "%.0f" noratio
row "p50 latency µs at 1k req/s (lower is better)" p50 "%.1f"
row "p99 latency µs at 1k req/s (lower is better)" p99 "%.1f"
row "reply ratio at 1k req/s" lratio "%.4f"
echo "| KoD replies, all throughput runs | $(sum meridiand.kod) | $(sum ntp-lab.kod) | $(sum chronyd.kod) | |"
if [ "$SYNC" != 0 ]; then
    m="$(med meridiand.sync)"
    c="$(med chronyd.sync)"
    echo "| time to synchronized, iburst, default polling, s (median of $SYNC_RUNS; meridiand from commit, chronyd from start) | $(fmt "$m" "%.2f") | | $(fmt "$c" "%.2f") | $(ratio "$m" "$c") |"
fi
