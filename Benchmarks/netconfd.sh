#!/usr/bin/env bash
# The peer for the NETCONF figures (issue #6): yuma123 netconfd (Debian
# `netconfd` + `netconfd-module-ietf-system`) behind a private OpenSSH sshd on a
# loopback high port, measured with the same client and the same operations as
# Benchmarks/datastore.sh measures meridiand with: session setup (password and
# ed25519 key), get-config of /system/ntp and edit-config + commit of one
# /system/ntp/server entry (1 and 8 sessions), server CPU per operation (rpc rows:
# measured round trips only, netconf-bench -S; setup rows: /proc/PID/stat around the
# run), resident memory idle and with 100 sessions open.
#
#   Benchmarks/netconfd.sh                       (as root: apt-get, useradd, sshd)
#   NETCONF_BENCH=/path/netconf-bench N_GET=2000 N_EDIT=800 N_SETUP=100 Benchmarks/netconfd.sh
#
# netconfd runs as the unprivileged user $NC_USER (created if missing): its
# ietf-system module runs `hostname`, `reboot` and settimeofday for some edits,
# which then fail instead of touching the machine. Everything listens on
# 127.0.0.1 or a socket in a private temporary directory; every loop is bounded
# in count and time; only the processes started here are stopped, by PID.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N_GET="${N_GET:-2000}"
N_EDIT="${N_EDIT:-800}"
N_SETUP="${N_SETUP:-100}"
N_HOLD="${N_HOLD:-100}"
NCB_OPTS="${NCB_OPTS:-}"   # extra netconf-bench options, e.g. "-v 1.0"
NC_USER="${NC_USER:-ncbench}"
HZ="$(getconf CLK_TCK)"

[ "$(id -u)" = 0 ] || { echo "netconfd.sh: run as root (apt-get, useradd, a private sshd)" >&2; exit 1; }

# --- packages and the client ---------------------------------------------------
missing=()
for p in netconfd netconfd-module-ietf-system openssh-server; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "netconfd.sh: installing ${missing[*]}" >&2
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
NETCONFD=/usr/sbin/netconfd
SUBSYS=/usr/sbin/netconf-subsystem
SSHD=/usr/sbin/sshd
for b in "$NETCONFD" "$SUBSYS" "$SSHD"; do [ -x "$b" ] || { echo "netconfd.sh: $b missing" >&2; exit 1; }; done
NETCONF_BENCH="${NETCONF_BENCH:-$here/bin/netconf-bench}"
if [ ! -x "$NETCONF_BENCH" ]; then
    mkdir -p "$(dirname "$NETCONF_BENCH")"
    # shellcheck disable=SC2046
    gcc -O2 -o "$NETCONF_BENCH" "$here/netconf-bench.c" $(pkg-config --cflags --libs libssh) -lpthread -lm
fi

# yuma123 netconfd 2.13 leaves a message unprocessed when it reaches netconfd in
# the same read as the client's <hello> (it waits for more input): netconf-bench
# sends its hello and at once its first RPC (or <close-session>), whose reply then
# never comes. So netconfd is measured with a copy of netconf-bench, built here,
# that waits HELLO_GAP_MS after sending its hello, outside every timed interval
# (setup latency ends when our hello is out; the RPC clock starts after warm-up),
# except that setups/s includes the gap (reported with it subtracted as well).
HELLO_GAP_MS="${HELLO_GAP_MS:-20}"
build_gap_client() { # build_gap_client OUT
    python3 - "$here/netconf-bench.c" "$1.c" "$HELLO_GAP_MS" <<'PY'
import sys
src, out, gap = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = open(src).read()
n0 = s.count("int closed = conn_close(&c);")
n1 = s.count("int up = conn_open(&c, key) == 0;")
assert n0 == 1 and n1 == 2, "netconf-bench.c changed; update netconfd.sh"
s = s.replace("int closed = conn_close(&c);", "usleep(%d); int closed = conn_close(&c);" % (gap * 1000))
s = s.replace("int up = conn_open(&c, key) == 0;", "int up = conn_open(&c, key) == 0; usleep(%d);" % (gap * 1000))
open(out, "w").write(s)
PY
    # shellcheck disable=SC2046
    gcc -O2 -o "$1" "$1.c" $(pkg-config --cflags --libs libssh) -lpthread -lm
}

# --- the unprivileged user -----------------------------------------------------
id "$NC_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$NC_USER"
password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
printf '%s:%s\n' "$NC_USER" "$password" | chpasswd

work="$(mktemp -d /tmp/meridian-ncdbench.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/home" "$work/data"
chown "$NC_USER" "$work/home" "$work/data"
sshd_pid=""; ncd_pid=""; hold_pid=""
build_gap_client "$work/netconf-bench-gap"; NETCONF_BENCH="$work/netconf-bench-gap"
stop_pid() { # stop_pid PID : TERM, then KILL after 3 s
    local p="$1"
    [ -n "$p" ] && kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}
cleanup() {
    stop_pid "$hold_pid"; stop_pid "$sshd_pid"; stop_pid "$ncd_pid"
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- netconfd ------------------------------------------------------------------
SYS='xmlns="urn:ietf:params:xml:ns:yang:ietf-system"'
{   # running starts with 10 servers on 127.100.0.x, as datastore.sh's first round
    printf '<config xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><system %s><ntp><enabled>true</enabled>' "$SYS"
    for i in $(seq 1 10); do
        printf '<server><name>s%d</name><udp><address>127.100.0.%d</address><port>10999</port></udp></server>' "$i" $((i + 1))
    done
    printf '</ntp></system></config>\n'
} > "$work/data/startup.xml"
chown "$NC_USER" "$work/data/startup.xml"
sock="$work/data/ncxserver.sock"
port="$(free_port)"   # sshd listens here; netconfd must list it too (--port)
# setpriv execs netconfd, so $! is netconfd itself (runuser would stay as its parent).
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work/home" USER="$NC_USER" \
    setpriv --reuid="$NC_USER" --regid="$NC_USER" --init-groups \
    "$NETCONFD" --target=candidate --with-startup=true --module=ietf-system \
    --startup="$work/data/startup.xml" --ncxserver-sockname="$sock" \
    --superuser="$NC_USER" --port="$port" --log="$work/data/netconfd.log" --log-level="${NC_LOG_LEVEL:-warn}" \
    </dev/null >"$work/netconfd.out" 2>&1 &
ncd_pid=$!
for _ in $(seq 1 100); do [ -S "$sock" ] && break; kill -0 "$ncd_pid" 2>/dev/null || break; sleep 0.1; done
[ -S "$sock" ] || { echo "netconfd.sh: netconfd did not start:" >&2; cat "$work/data/netconfd.log" "$work/netconfd.out" >&2; exit 1; }

# --- a private sshd --------------------------------------------------------------
# netconf-subsystem picks the socket by the server port of the SSH connection:
# --ncxserver-sockname=PORT@PATH (otherwise /tmp/ncxserver.sock).
ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"
ssh-keygen -q -t ed25519 -N '' -C meridian-ncdbench -f "$work/key"
cp "$work/key.pub" "$work/authorized_keys"; chmod 644 "$work/authorized_keys"
cat > "$work/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $port
HostKey $work/hostkey
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
PasswordAuthentication yes
PubkeyAuthentication yes
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin no
AllowUsers $NC_USER
MaxStartups 300
MaxSessions 10
LogLevel ERROR
Subsystem netconf $SUBSYS --ncxserver-sockname=$port@$sock
EOF
mkdir -p /run/sshd   # OpenSSH's privilege separation directory (Debian creates it in its unit)
"$SSHD" -t -f "$work/sshd_config"
"$SSHD" -D -f "$work/sshd_config" -E "$work/sshd.log" &
sshd_pid=$!
ok=""
for _ in $(seq 1 50); do
    banner="$(timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 7 <&3" 2>/dev/null || true)"
    [ "$banner" = "SSH-2.0" ] && { ok=1; break; }
    sleep 0.1
done
[ -n "$ok" ] || { echo "netconfd.sh: sshd did not start:" >&2; cat "$work/sshd.log" >&2; exit 1; }
export NETCONF_PASSWORD="$password"

# --- accounting --------------------------------------------------------------------
# netconfd: utime + stime of its own (it forks nothing on these paths).
# sshd side: utime + stime + cutime + cstime of the listening sshd. Each session's
# processes (the per-connection sshd monitor, its unprivileged child and
# netconf-subsystem) are reaped up the chain, so once they have exited their CPU
# is in the listener's cutime/cstime; we wait (bounded) until the listener has no
# children before reading it after a run. Includes those sessions' setup/teardown.
# That is what the setup rows report; the rpc rows report netconf-bench -S instead: the
# run time of netconfd's threads and of the sshd listener's live descendants over the
# measured round trips only, like meridiand's rows in datastore.sh.
ncd_ticks() { awk '{print $14 + $15}' "/proc/$ncd_pid/stat"; }
sshd_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$sshd_pid/stat"; }
sshd_children() { { cat /proc/"$sshd_pid"/task/*/children 2>/dev/null || true; } | wc -w; }
settle() { for _ in $(seq 1 100); do [ "$(sshd_children)" = 0 ] && return 0; sleep 0.05; done; }
descendants() { # descendants PID : PID and all its descendants
    local p c; p="$1"; echo "$p"
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null || true); do descendants "$c"; done
}

row() { # row LABEL CONNS OUT NCD_TICKS SSHD_TICKS
    python3 - "$@" "$HZ" "$HELLO_GAP_MS" <<'PY'
import re, sys
label, conns, out, nt, st, hz, gap = sys.argv[1:8]
kv = dict(re.findall(r'(\w+)=("[^"]*"|\S+)', out))
ok = int(kv.get("ok", 0)); failed = int(kv.get("failed", 0))
per = lambda t: f"{int(t) * 1e6 / int(hz) / ok:.0f} µs" if ok else "-"
# rpc rows: netconf-bench -S measured each process tree over the measured round trips only
# (schedstat run time of netconfd; of the sshd listener and its live descendants).
measured = lambda key: float(kv.get(key, "nan"))
ncd_cpu = f"{measured('server_cpu_us'):.0f} µs" if measured("server_cpu_us") == measured("server_cpu_us") else per(nt)
ssh_cpu = f"{measured('server2_cpu_us'):.0f} µs" if measured("server2_cpu_us") == measured("server2_cpu_us") else per(st)
unit = kv.get("unit", "us")
div = 1000 if unit == "us" else 1
rate = float(kv.get("rate", "nan"))
what = "ops/s"
if kv.get("mode") == "setup":
    secs = float(kv.get("seconds", "nan")) - ok * int(gap) / 1000 / int(conns)
    what = f"setups/s ({ok / secs:.0f}/s without the {gap} ms gap)" if ok and secs > 0 else "setups/s"
print(f"| {label} | {conns} | {ok}/{ok + failed} | {rate:.0f} {what} | "
      f"{float(kv.get('p50', 'nan')) / div:.2f} ms | {float(kv.get('p99', 'nan')) / div:.2f} ms | {ncd_cpu} | {ssh_cpu} |"
      + (f" error: {kv.get('error')}" if failed else ""))
PY
}

bench() { # bench LABEL CONNS MODE ARGS... : one netconf-bench run, one table row
    local label="$1" conns="$2" mode="$3"; shift 3
    local n0 s0 out
    settle; n0="$(ncd_ticks)"; s0="$(sshd_ticks)"
    out="$(timeout 300 "$NETCONF_BENCH" "$mode" -p "$port" -u "$NC_USER" -c "$conns" -k -T 240 $NCB_OPTS "$@" || true)"
    settle
    row "$label" "$conns" "$out" $(( $(ncd_ticks) - n0 )) $(( $(sshd_ticks) - s0 ))
}

GETCONFIG="<get-config><source><running/></source><filter type=\"subtree\"><system $SYS><ntp/></system></filter></get-config>"
EDIT="<edit-config><target><candidate/></target><config><system $SYS><ntp><server><name>bench-{s}</name><udp><address>127.101.0.1</address><port>{p}</port></udp></server></ntp></system></config></edit-config>"
COMMIT='<commit/>'
KEY=(-i "$work/key")

settle
idle_ncd="$(awk '/^VmRSS/ {print $2}' "/proc/$ncd_pid/status")"
idle_sshd="$(awk '/^VmRSS/ {print $2}' "/proc/$sshd_pid/status")"

rows=()
rows+=("$(bench "session setup, password" 1 setup -n "$N_SETUP")")
rows+=("$(bench "session setup, ed25519 key" 1 setup "${KEY[@]}" -n "$N_SETUP")")
rows+=("$(bench "session setup, key" 4 setup "${KEY[@]}" -n $(( N_SETUP / 4 > 0 ? N_SETUP / 4 : 1 )))")
rows+=("$(bench "get-config /system/ntp, 10 servers" 1 rpc "${KEY[@]}" -n "$N_GET" -w 20 -e -S "$ncd_pid" -S "$sshd_pid" -r "$GETCONFIG")")
rows+=("$(bench "get-config /system/ntp, 10 servers" 8 rpc "${KEY[@]}" -n $((N_GET / 8)) -w 20 -e -S "$ncd_pid" -S "$sshd_pid" -r "$GETCONFIG")")
rows+=("$(bench "edit-config + commit" 1 rpc "${KEY[@]}" -n "$N_EDIT" -w 20 -e -S "$ncd_pid" -S "$sshd_pid" -r "$EDIT" -r "$COMMIT")")
rows+=("$(bench "edit-config + commit" 8 rpc "${KEY[@]}" -n $((N_EDIT / 8)) -w 20 -e -S "$ncd_pid" -S "$sshd_pid" -r "$EDIT" -r "$COMMIT")")
# Durable like meridiand (which writes running to disk on every commit): netconfd
# with --with-startup=true only writes its startup file on copy-config.
rows+=("$(bench "edit-config + commit + copy-config to startup" 8 rpc "${KEY[@]}" -n $((N_EDIT / 8)) -w 20 -e -S "$ncd_pid" -S "$sshd_pid" -r "$EDIT" -r "$COMMIT" \
    -r '<copy-config><target><startup/></target><source><running/></source></copy-config>')")

# Memory with N_HOLD sessions open at once: netconf-bench hold keeps them all
# open until every one is up; sample (every 50 ms, 120 s at most) the RSS and PSS
# of netconfd and of the whole sshd tree (listener, per-session sshd processes,
# netconf-subsystem) and keep the sample with the most sessions.
settle
"$NETCONF_BENCH" hold -p "$port" -u "$NC_USER" $NCB_OPTS "${KEY[@]}" -c "$N_HOLD" -t 60 -T 120 -k >"$work/hold.out" 2>&1 &
hold_pid=$!
best_n=0; best_ncd=0; best_rss=0; best_pss=0
for _ in $(seq 1 2400); do
    kill -0 "$hold_pid" 2>/dev/null || break
    # one ps per sample: the sshd tree's PIDs, its RSS sum, its netconf-subsystem count
    tree="$(ps -e -o pid=,ppid=,rss=,comm= | awk -v root="$sshd_pid" '
        { pp[$1] = $2; rss[$1] = $3; comm[$1] = $4 }
        END { for (p in pp) { q = p; for (i = 0; i < 8 && q != root && q > 1; i++) q = pp[q]
                  if (q == root) { pids = pids " " p; r += rss[p]; if (comm[p] ~ /^netconf-subsys/) n++ } }
              print n + 0, r + 0, pids }')"
    read -r n rss pids <<<"$tree"
    if [ "$n" -ge "$best_n" ]; then
        best_n="$n"; best_rss="$rss"
        best_ncd="$(awk '/^VmRSS/ {print $2}' "/proc/$ncd_pid/status")"
        # shellcheck disable=SC2086
        best_pss="$(cd /proc && for p in $pids; do cat "$p/smaps_rollup" 2>/dev/null || true; done | awk '/^Pss:/ {s += $2} END {print s + 0}')"
    fi
    sleep 0.02
done
wait "$hold_pid" 2>/dev/null || true
hold_pid=""
hwm_ncd="$(awk '/^VmHWM/ {print $2}' "/proc/$ncd_pid/status")"

echo "| benchmark | sessions | ok | throughput | p50 | p99 | netconfd CPU/op | sshd + netconf-subsystem CPU/op |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }
echo
echo "resident memory: idle netconfd $(mib "$idle_ncd") + listening sshd $(mib "$idle_sshd");" \
     "with $best_n/$N_HOLD netconf-subsystem processes alive (best sample): netconfd $(mib "$best_ncd") (VmHWM $(mib "$hwm_ncd")), sshd tree RSS sum $(mib "$best_rss") (PSS $(mib "$best_pss"))"
echo "hold run: $(cat "$work/hold.out")"
echo "netconfd $(dpkg-query -W -f='${Version}' netconfd), $(${SSHD} -V 2>&1 | head -1), netconfd as user $NC_USER, loopback port $port, CPU of rpc rows over the measured round trips (netconf-bench -S, schedstat), of setup rows from /proc/PID/stat at $HZ ticks/s"
