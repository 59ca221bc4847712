#!/usr/bin/env bash
# Meridian's NTP server side by side with chronyd, in one run, on loopback.
#
#   MERIDIAND=/abs/path/to/release/meridiand Benchmarks/ntp.sh
#
# Servers side by side, all three running at once, each pinned to CPU 0
# (taskset -c 0), the load generator (Benchmarks/ntp-load.c) pinned to CPU 1,
# the runs rotating over the servers:
#   chronyd    `chronyd -x` (never touches the clock), `local stratum 2`,
#              `allow 127.0.0.0/8`, no `ratelimit` directive (rate limiting off)
#   meridiand  `meridiand run --initial-config` with refclock-master 2 on lo
#              (the product; meridian-ntp has no rate-limit setting)
#   ntp-lab    the same NTPEngine without NETCONF, `rateLimitEnabled: false`
# For each: NTP_RUNS (5) closed-loop throughput runs of NTP_SECONDS (5) s
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
# Then (NTP_TIMEKEEPING=0 skips it), not pinned:
#   steady offset, NTP_TK_STEADY_RUNS (3) rounds: a fresh meridiand (ncclient:
#   server 127.0.2.1 iburst, minpoll = maxpoll = NTP_TK_POLL (-2)) and, at the
#   same time, a fresh chronyd client (`server ... iburst minpoll -2 maxpoll
#   -2`), each run NTP_TK_SECONDS (60) s and sampled every 50 ms; over the last
#   NTP_TK_WINDOW (30) s, one sample per clock update: RMS of meridiand's
#   clock-state offset / chronyd's tracking "Last offset", median of
#   meridiand's association jitter / chronyd's sourcestats "Std dev"; medians
#   over the rounds.
#   seed chain to stratum 4, poll 2^-1..2^0 s: examples/seed-lab (three
#   meridiand on 127.0.1.31-.33 over NETCONF) from the last <commit> until E
#   is synchronized at stratum 4; a chronyd chain C (local stratum 2,
#   127.0.3.1) <- D (server C, .2) <- E (peer D, .3) from its start until
#   E's tracking shows stratum 4; NTP_TK_SEED_RUNS (3), median.
#
# Loopback only; every wait is bounded; only PIDs this script started are
# signalled; nothing changes the host clock (chronyd -x, Meridian's default
# virtual clock).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
RUNS="${NTP_RUNS:-5}"
SECS="${NTP_SECONDS:-5}"
THROUGHPUT="${NTP_THROUGHPUT:-1}"
SYNC="${NTP_SYNC:-1}"
SYNC_RUNS="${NTP_SYNC_RUNS:-3}"
SYNC_TIMEOUT="${NTP_SYNC_TIMEOUT:-60}"
TK="${NTP_TIMEKEEPING:-1}"
TK_POLL="${NTP_TK_POLL:--2}"
TK_TOTAL="${NTP_TK_SECONDS:-60}"
TK_WINDOW="${NTP_TK_WINDOW:-30}"
TK_SEED_RUNS="${NTP_TK_SEED_RUNS:-3}"
TK_STEADY_RUNS="${NTP_TK_STEADY_RUNS:-3}"
TK_CHRONYD="${NTP_TK_CHRONYD:-1}"
TK_SEED_TIMEOUT="${NTP_TK_SEED_TIMEOUT:-60}"
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

# throughput_run NAME PID PORT, latency_run NAME PID PORT: one run each; append to $work/NAME.*
throughput_run() {
    local name="$1" pid="$2" port="$3" out before after replies
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
}
latency_run() {
    local name="$1" pid="$2" port="$3" out
    # 1,000 sockets on distinct loopback sources (-B): ~5 requests per
    # address per run, under any per-client rate limit.
    out="$(taskset -c 1 "$load" -p "$port" -d "$SECS" -r "$RATE" -B -s 1000 -w 1000 -k)" || true
    echo "ntp.sh: $name latency run $run: $out" >&2
    kv p50_us "$out" >>"$work/$name.p50"
    kv p99_us "$out" >>"$work/$name.p99"
    kv server_hold_p50_us "$out" >>"$work/$name.hold"
    kv reply_ratio "$out" >>"$work/$name.lratio"
}

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

start_meridiand() { # [unpinned] sets m_pid; ready when NETCONF answers with an SSH banner (90 s: first start generates host keys)
    local banner pin=(taskset -c 0)
    [ "${1:-}" = unpinned ] && pin=()
    # bench's sessions bypass NACM (--nacm-recovery-user, issue #20): this measures NTP, not access control.
    "${pin[@]}" "$MERIDIAND" run --state-dir "$m_state" --nacm-recovery-user bench --netconf-listen "127.0.0.1:$m_nc" \
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

# --- chronyd, meridiand and ntp-lab side by side ---------------------------------
# All three run at once, each pinned to CPU 0 (idle but for the one under load); the
# runs rotate over them, so a change in the machine's background load during the
# measurement falls on all three alike instead of on whichever ran last.
if [ "$THROUGHPUT" != 0 ]; then
chrony_port="$(free_udp)"
chrony_conf "$work/chrony-server" 127.0.0.1 "$chrony_port" 0 "allow 127.0.0.0/8" "local stratum 2"
taskset -c 0 chronyd -x -d "${chrony_user[@]}" -f "$work/chrony-server/chrony.conf" >"$work/chrony-server/log" 2>&1 &
chrony_pid=$!
started+=("$chrony_pid")
wait_ntp "$chrony_port" "$chrony_pid" chronyd

# ntp-lab: the engine without NETCONF, rate limiting explicitly off.
lab_port="$(free_udp)"
mkdir -p "$work/ntp-lab"
printf '{"port": %s, "listen": ["127.0.0.1"], "refclockMaster": 2, "rateLimitEnabled": false}\n' "$lab_port" >"$work/ntp-lab/config.json"
taskset -c 0 "$NTP_LAB" "$work/ntp-lab/config.json" --status-file "$work/ntp-lab/status.json" --interval 60 \
    >"$work/ntp-lab/log" 2>&1 &
lab_pid=$!
started+=("$lab_pid")
wait_ntp "$lab_port" "$lab_pid" ntp-lab

servers=("chronyd $chrony_pid $chrony_port" "meridiand $m_pid $m_ntp" "ntp-lab $lab_pid $lab_port")
for server in "${servers[@]}"; do
    read -r _ _ server_port <<<"$server"
    taskset -c 1 "$load" -p "$server_port" -n 20000 -d 5 -w "$WINDOW" >/dev/null # warm-up, not measured
done
for run in $(seq 1 "$RUNS"); do
    for server in "${servers[@]}"; do throughput_run $server; done
done
for run in $(seq 1 "$RUNS"); do
    for server in "${servers[@]}"; do latency_run $server; done
done
stop_pid "$chrony_pid"
stop_pid "$lab_pid"
fi

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

# The time source: a fresh chronyd `local stratum 2` on its own loopback
# address (meridiand refuses a server that is one of its own addresses, and lo
# carries 127.0.0.1 in its configuration). Started once, on first need.
source_pid=""
ensure_source() {
    [ -z "$source_pid" ] || return 0
    source_address=127.0.2.1
    source_port="$(free_udp)"
    chrony_conf "$work/chrony-source" "$source_address" "$source_port" 0 "allow 127.0.0.0/8" "local stratum 2"
    taskset -c 0 chronyd -x -d "${chrony_user[@]}" -f "$work/chrony-source/chrony.conf" >"$work/chrony-source/log" 2>&1 &
    source_pid=$!
    started+=("$source_pid")
    wait_ntp_at "$source_address" "$source_port" "$source_pid" "chronyd (time source)"
}

if [ "$SYNC" != 0 ]; then
    ensure_source
    for run in $(seq 1 "$SYNC_RUNS"); do
        s="$(chronyd_sync "$run")"
        echo "ntp.sh: chronyd sync run $run: $s s" >&2
        [ "$s" = timeout ] || echo "$s" >>"$work/chronyd.sync"
    done
    for run in $(seq 1 "$SYNC_RUNS"); do
        # A fresh meridiand each run from the refclock-master configuration
        # (the state directory's running configuration is reset first).
        stop_pid "$m_pid"
        rm -f "$m_state"/running*.xml "$m_state/startup.xml"
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

# --- timekeeping: steady offset, seed chain ----------------------------------
cat >"$work/tk.py" <<'EOF'
"""Timekeeping probes for ntp.sh. Every wait is bounded.

  steady-meridian NCPORT PASSWORD ADDR PORT POLL TOTAL WINDOW
      edit-config + commit: remove refclock-master, add server ADDR:PORT with
      iburst, minpoll = maxpoll = POLL; then <get> clock-state and the
      associations every 50 ms for TOTAL s from the commit reply; over the last
      WINDOW s, one sample per clock update (reference-time changed) of
      clock-state offset and the server association's jitter.
  steady-chrony CMDPORT TOTAL WINDOW
      `chronyc -c tracking` and `-c sourcestats` every 50 ms for TOTAL s; over
      the last WINDOW s, one sample per clock update (reference time changed)
      of tracking "Last offset" and the source's sourcestats "Std dev".
  seed-meridian MERIDIAND NTPPORT TIMEOUT
      examples/seed-lab (three meridiand on 127.0.1.31-.33, configured over
      NETCONF); seconds from the reply to the last <commit> (E's) until E's
      clock-state is synchronized at stratum 4, <get> every 20 ms.
  wait-chrony CMDPORT STRATUM T0 TIMEOUT
      seconds from T0 (epoch) until `chronyc -c tracking` shows STRATUM,
      polled every 20 ms.
Prints one key=value line; exit 1 on timeout."""
import math, os, signal, statistics, subprocess, sys, time
from pathlib import Path

signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))  # so `with SeedLab()` stops its agents
NC = "urn:ietf:params:xml:ns:netconf:base:1.0"
SYS = "urn:ietf:params:xml:ns:yang:ietf-system"
MNTP = "urn:meridian:params:xml:ns:yang:meridian-ntp"

def rms(v): return math.sqrt(sum(x * x for x in v) / len(v)) if v else float("nan")
def med(v): return statistics.median(v) if v else float("nan")

def report(offsets_s, jitters_s, extra=""):
    # offsets and jitters in seconds; printed in ns
    print(f"samples={len(offsets_s)} offset_rms_ns={rms(offsets_s) * 1e9:.1f} "
          f"offset_mean_ns={(statistics.fmean(offsets_s) if offsets_s else float('nan')) * 1e9:.1f} "
          f"jitter_med_ns={med(jitters_s) * 1e9:.1f}{extra}")
    sys.exit(0 if offsets_s else 1)

def chronyc(cmdport, what):
    r = subprocess.run(["chronyc", "-h", "127.0.0.1", "-p", cmdport, "-n", "-c", what],
                       capture_output=True, text=True, timeout=2)
    return [line.split(",") for line in r.stdout.splitlines() if line]

def steady_meridian(ncport, password, addr, port, poll, total, window):
    from lxml import etree
    from ncclient import manager
    config = (
        f'<config xmlns="{NC}" xmlns:nc="{NC}"><system xmlns="{SYS}"><ntp>'
        f'<refclock-master xmlns="{MNTP}" nc:operation="remove"/>'
        f"<server><name>chronyd</name><udp><address>{addr}</address><port>{port}</port></udp>"
        f"<association-type>server</association-type><iburst>true</iburst>"
        f'<minpoll xmlns="{MNTP}">{poll}</minpoll><maxpoll xmlns="{MNTP}">{poll}</maxpoll>'
        f"</server></ntp></system></config>")
    flt = ("subtree", f'<system-state xmlns="{SYS}"><ntp xmlns="{MNTP}"><clock-state/><association/></ntp></system-state>')
    offsets, jitters, last_ref, stratum, poll = [], [], None, None, None
    with manager.connect(host="127.0.0.1", port=int(ncport), username="bench", password=password,
                         hostkey_verify=False, allow_agent=False, look_for_keys=False, timeout=30) as m:
        m.edit_config(target="candidate", config=config)
        m.commit()
        start = time.monotonic()
        while (now := time.monotonic() - start) < total:
            root = etree.fromstring(m.get(filter=flt).data_xml.encode())
            clock = root.find(f".//{{{MNTP}}}clock-state")
            cs = {etree.QName(c).localname: (c.text or "") for c in clock} if clock is not None else {}
            stratum = cs.get("stratum")
            # reference-time has 1 s resolution: a clock update is a change of
            # (reference-time, offset), the offset having 1 ns resolution.
            ref = (cs.get("reference-time"), cs.get("offset"))
            if now >= total - window and cs.get("status") == "synchronized" and ref != last_ref:
                last_ref = ref
                jitter = None
                for a in root.iter(f"{{{MNTP}}}association"):
                    if a.findtext(f"{{{MNTP}}}address") == addr and a.findtext(f"{{{MNTP}}}jitter"):
                        jitter = float(a.findtext(f"{{{MNTP}}}jitter")) / 1e3
                        poll = a.findtext(f"{{{MNTP}}}poll")
                if cs.get("offset"):
                    offsets.append(float(cs["offset"]) / 1e3)
                    if jitter is not None:
                        jitters.append(jitter)
            time.sleep(0.05)
    report(offsets, jitters, f" stratum={stratum} poll={poll}")

def steady_chrony(cmdport, total, window):
    offsets, sds, last_ref, stratum = [], [], None, None
    start = time.monotonic()
    while (now := time.monotonic() - start) < total:
        t = chronyc(cmdport, "tracking")
        if t and len(t[0]) >= 6:
            stratum = t[0][2]
            if now >= total - window and t[0][2] != "0" and t[0][3] != last_ref:
                last_ref = t[0][3]
                offsets.append(float(t[0][5]))                      # Last offset, s
                ss = chronyc(cmdport, "sourcestats")
                if ss and len(ss[0]) >= 8:
                    sds.append(float(ss[0][7]))                     # Std dev, s
        time.sleep(0.05)
    report(offsets, sds, f" stratum={stratum}")

def seed_meridian(meridiand, ntp_port, timeout):
    sys.path.insert(0, str(Path(os.environ["ROOT"]) / "examples" / "seed-lab"))
    from lab import SeedLab
    with SeedLab(meridiand=meridiand, ntp_port=int(ntp_port), log=lambda *_: None) as lab:
        lab.configure()                                     # C, D, E in turn: edit-config + commit
        start = time.monotonic()
        while (now := time.monotonic() - start) < timeout:
            s = lab.clock_state("E")
            if s.get("status") == "synchronized" and s.get("stratum") == "4":
                print(f"seconds={now:.3f}")
                return 0
            time.sleep(0.02)
    print("timeout", file=sys.stderr)
    return 1

def wait_chrony(cmdport, stratum, t0, timeout):
    while (now := time.time() - t0) < timeout:
        try:
            t = chronyc(cmdport, "tracking")
        except subprocess.TimeoutExpired:
            t = []
        if t and len(t[0]) >= 3 and t[0][2] == stratum:
            print(f"seconds={time.time() - t0:.3f}")
            return 0
        time.sleep(0.02)
    print("timeout", file=sys.stderr)
    return 1

mode, a = sys.argv[1], sys.argv[2:]
if mode == "steady-meridian":
    steady_meridian(a[0], a[1], a[2], a[3], a[4], float(a[5]), float(a[6]))
elif mode == "steady-chrony":
    steady_chrony(a[0], float(a[1]), float(a[2]))
elif mode == "seed-meridian":
    sys.exit(seed_meridian(a[0], a[1], float(a[2])))
elif mode == "wait-chrony":
    sys.exit(wait_chrony(a[0], a[1], float(a[2]), float(a[3])))
EOF

if [ "$TK" != 0 ]; then
    ensure_source
    steady_result() { # NAME PID: waits for NAME's steady run (PID) and records its figures
        local out=""
        if wait "$2"; then
            out="$(cat "$work/steady-$1.out")"
            kv offset_rms_ns "$out" >>"$work/$1.steady_rms"
            kv jitter_med_ns "$out" >>"$work/$1.steady_jitter"
            kv samples "$out" >>"$work/$1.steady_n"
        fi
        echo "ntp.sh: $1 steady run $run: ${out:-failed ($(tail -n 1 "$work/tk.err" 2>/dev/null))}" >&2
    }
    # Steady offset, TK_STEADY_RUNS rounds: in each, a fresh meridiand and a fresh
    # chronyd client run at the same time, each a client of the chronyd source
    # with iburst and minpoll = maxpoll = TK_POLL, sampled for TK_TOTAL s; figures
    # over the last TK_WINDOW s; medians over the rounds.
    for run in $(seq 1 "$TK_STEADY_RUNS"); do
        stop_pid "$m_pid"
        rm -f "$m_state"/running*.xml "$m_state/startup.xml"
        : >"$work/meridiand/log"
        start_meridiand unpinned  # as the chronyd client: not on the source's CPU 0
        ROOT="$root" timeout $((TK_TOTAL + 30)) "$PY" "$work/tk.py" steady-meridian "$m_nc" "$password" \
            "$source_address" "$source_port" "$TK_POLL" "$TK_TOTAL" "$TK_WINDOW" \
            >"$work/steady-meridiand.out" 2>>"$work/tk.err" &
        m_tk=$!
        c_tk="" pid=""
        if [ "$TK_CHRONYD" != 0 ]; then
            dir="$work/chrony-steady"
            cmd="$(free_udp)"
            chrony_conf "$dir" - 0 "$cmd" "server $source_address port $source_port iburst minpoll $TK_POLL maxpoll $TK_POLL"
            chronyd -x -d "${chrony_user[@]}" -f "$dir/chrony.conf" >"$dir/log" 2>&1 &
            pid=$!
            started+=("$pid")
            timeout $((TK_TOTAL + 30)) "$PY" "$work/tk.py" steady-chrony "$cmd" "$TK_TOTAL" "$TK_WINDOW" \
                >"$work/steady-chronyd.out" 2>>"$work/tk.err" &
            c_tk=$!
        fi
        steady_result meridiand "$m_tk"
        stop_pid "$m_pid"
        if [ -n "$c_tk" ]; then
            steady_result chronyd "$c_tk"
            stop_pid "$pid"
        fi
    done

    # Seed chain, fast polling. Meridian: examples/seed-lab (its own three
    # meridiand, stopped by PID by the lab). chronyd: C `local stratum 2` on
    # 127.0.3.1, D `server C` on 127.0.3.2, E `peer D` (symmetric active, as
    # in the seed lab) on 127.0.3.3, all with iburst and minpoll -1 maxpoll 0
    # (the seed lab's polls), started
    # together and timed from C's start until E's tracking shows stratum 4.
    for run in $(seq 1 "$TK_SEED_RUNS"); do
        seed_port="$(free_udp)"
        if out="$(ROOT="$root" timeout $((TK_SEED_TIMEOUT + 120)) "$PY" "$work/tk.py" seed-meridian "$MERIDIAND" "$seed_port" "$TK_SEED_TIMEOUT" 2>>"$work/tk.err")"; then
            kv seconds "$out" >>"$work/meridiand.seed"
        fi
        echo "ntp.sh: meridiand seed chain run $run: ${out:-failed ($(tail -n 1 "$work/tk.err" 2>/dev/null))}" >&2
        out=""
        [ "$TK_CHRONYD" != 0 ] || continue
        seed_port="$(free_udp)"
        ecmd="$(free_udp)"
        chain=()
        chrony_conf "$work/chain$run/C" 127.0.3.1 "$seed_port" 0 "allow 127.0.0.0/8" "local stratum 2"
        chrony_conf "$work/chain$run/D" 127.0.3.2 "$seed_port" 0 "allow 127.0.0.0/8" \
            "server 127.0.3.1 port $seed_port iburst minpoll -1 maxpoll 0"
        chrony_conf "$work/chain$run/E" 127.0.3.3 "$seed_port" "$ecmd" "allow 127.0.0.0/8" \
            "peer 127.0.3.2 port $seed_port iburst minpoll -1 maxpoll 0"
        t0="$(date +%s.%N)"
        for n in C D E; do
            chronyd -x -d "${chrony_user[@]}" -f "$work/chain$run/$n/chrony.conf" >"$work/chain$run/$n/log" 2>&1 &
            chain+=($!)
            started+=($!)
        done
        if out="$(timeout $((TK_SEED_TIMEOUT + 10)) "$PY" "$work/tk.py" wait-chrony "$ecmd" 4 "$t0" "$TK_SEED_TIMEOUT" 2>>"$work/tk.err")"; then
            kv seconds "$out" >>"$work/chronyd.seed"
        fi
        echo "ntp.sh: chronyd seed chain run $run: ${out:-failed ($(tail -n 1 "$work/tk.err" 2>/dev/null))}" >&2
        out=""
        for p in "${chain[@]}"; do stop_pid "$p"; done
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
row "of the latency: server hold p50 µs, reply's transmit − receive timestamp (T3 − T2)" hold "%.1f"
row "reply ratio at 1k req/s" lratio "%.4f"
echo "| KoD replies, all throughput runs | $(sum meridiand.kod) | $(sum ntp-lab.kod) | $(sum chronyd.kod) | |"
if [ "$SYNC" != 0 ]; then
    m="$(med meridiand.sync)"
    c="$(med chronyd.sync)"
    echo "| time to synchronized, iburst, default polling, s (median of $SYNC_RUNS; meridiand from commit, chronyd from start) | $(fmt "$m" "%.2f") | | $(fmt "$c" "%.2f") | $(ratio "$m" "$c") |"
fi
if [ "$TK" != 0 ]; then
    m="$(med meridiand.steady_rms)"
    c="$(med chronyd.steady_rms)"
    echo "| steady loopback offset RMS, ns, poll 2^$TK_POLL s, last $TK_WINDOW s of $TK_TOTAL, median of $TK_STEADY_RUNS (meridiand clock-state offset; chronyd tracking Last offset) | $(fmt "$m" "%.1f") | | $(fmt "$c" "%.1f") | $(ratio "$m" "$c") |"
    m="$(med meridiand.steady_jitter)"
    c="$(med chronyd.steady_jitter)"
    echo "| steady loopback jitter, ns, median over the same window (meridiand association jitter; chronyd sourcestats Std dev) | $(fmt "$m" "%.1f") | | $(fmt "$c" "%.1f") | $(ratio "$m" "$c") |"
    echo "| clock updates seen in that window (offset samples) | $(med meridiand.steady_n) | | $(med chronyd.steady_n) | |"
    m="$(med meridiand.seed)"
    c="$(med chronyd.seed)"
    echo "| seed chain, E at stratum 4, poll 2^-1..2^0 s, s (median of $TK_SEED_RUNS; meridiand seed-lab from the last commit, chronyd chain from start) | $(fmt "$m" "%.2f") | | $(fmt "$c" "%.2f") | $(ratio "$m" "$c") |"
fi
