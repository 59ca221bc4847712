#!/usr/bin/env bash
# Build netconf-bench, start meridiand on a loopback port with a throwaway state
# directory, run bounded benchmarks against it, print a Markdown table, stop it.
#
#   MERIDIAND=/abs/path/to/release/meridiand Benchmarks/run.sh
#
# Without MERIDIAND it builds one: swift build -c release --product meridiand.
# Counts can be changed: SETUP_N (default 200), RPC_N (default 20000),
# HOLD_N (default 200). Every benchmark is bounded by netconf-bench's -T and by
# timeout(1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
SETUP_N="${SETUP_N:-200}"
RPC_N="${RPC_N:-20000}"
HOLD_N="${HOLD_N:-200}"
LOG_LEVEL="${BENCH_LOG_LEVEL:-notice}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 is missing ($2)" >&2; exit 1; }; }
need gcc "apt-get install gcc"
need pkg-config "apt-get install pkg-config"
need ssh-keygen "apt-get install openssh-client"
pkg-config --exists libssh || { echo "run.sh: libssh-dev is missing (apt-get install libssh-dev)" >&2; exit 1; }

mkdir -p "$here/bin"
bench="$here/bin/netconf-bench"
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -o "$bench" "$here/netconf-bench.c" $(pkg-config --cflags --libs libssh) -lpthread -lm

if [ -z "${MERIDIAND:-}" ]; then
    echo "run.sh: MERIDIAND not set; building a release meridiand" >&2
    (cd "$root" && swift build -c release --static-swift-stdlib --product meridiand >&2)
    MERIDIAND="$(cd "$root" && swift build -c release --show-bin-path)/meridiand"
fi
[ -x "$MERIDIAND" ] || { echo "run.sh: MERIDIAND=$MERIDIAND is not executable" >&2; exit 1; }

work="$(mktemp -d /tmp/meridian-bench.XXXXXX)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        sleep 1
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Users: one with a password, one with an ed25519 key.
password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
ssh-keygen -q -t ed25519 -N '' -C meridian-bench -f "$work/key"
printf '%s\n' "$password" | "$MERIDIAND" user add bench --state-dir "$work/state" --password-stdin
"$MERIDIAND" user add benchkey --state-dir "$work/state" --authorized-key "$work/key.pub"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# The bench users' sessions bypass NACM (--nacm-recovery-user, issue #20): this measures the protocol, not access control.
"$MERIDIAND" run --state-dir "$work/state" --nacm-recovery-user bench --nacm-recovery-user benchkey --netconf-listen "127.0.0.1:$port" \
    --max-sessions $((HOLD_N + 56)) --log-level "$LOG_LEVEL" \
    --max-startups $((HOLD_N + 56)) --per-source-max-startups none 2>"$work/meridiand.log" &
pid=$!

# Ready when the `ready` line is logged or the port answers with an SSH banner (90 s at most).
for _ in $(seq 1 900); do
    kill -0 "$pid" 2>/dev/null || { echo "run.sh: meridiand exited:" >&2; cat "$work/meridiand.log" >&2; exit 1; }
    grep -qiw ready "$work/meridiand.log" && break
    banner="$(timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 7 <&3" 2>/dev/null || true)"
    [ "$banner" = "SSH-2.0" ] && break
    sleep 0.1
done
kill -0 "$pid" 2>/dev/null || { echo "run.sh: meridiand exited" >&2; cat "$work/meridiand.log" >&2; exit 1; }

export NETCONF_PASSWORD="$password"
failures=0
rows=()

# run NAME ARGS... : one netconf-bench run, one table row.
run() {
    local name="$1"
    shift
    local line
    if ! line="$(timeout 330 "$bench" "$@" -p "$port" -T 300 -k)"; then
        failures=$((failures + 1))
    fi
    declare -A kv=()
    local re='([a-z_0-9]+)=("[^"]*"|[^ ]*)'
    local rest="$line"
    while [[ $rest =~ $re ]]; do
        kv[${BASH_REMATCH[1]}]="${BASH_REMATCH[2]//\"/}"
        rest="${rest#*"${BASH_REMATCH[0]}"}"
    done
    if [ "${kv[mode]:-}" = hold ]; then
        rows+=("| $name | ${kv[conns]} | ${kv[rpc_ok]}/${kv[conns]} answered, ${kv[distinct_ids]} ids | setup ms p50 ${kv[setup_p50_ms]} p99 ${kv[setup_p99_ms]} | rpc ms p50 ${kv[rpc_p50_ms]} | rpc ms p99 ${kv[rpc_p99_ms]} | ${kv[rpc_max_ms]} ms |")
    elif [ -n "${kv[mode]:-}" ]; then
        local what="ops/s"
        [ "${kv[mode]}" = setup ] && what="setups/s"
        rows+=("| $name | ${kv[conns]} | ${kv[ok]}/${kv[count]} | ${kv[rate]} $what | ${kv[p50]} ${kv[unit]} | ${kv[p99]} ${kv[unit]} | ${kv[max]} ${kv[unit]} |")
    else
        rows+=("| $name | - | failed: $line | | | | |")
    fi
    if [ -n "${kv[error]:-}" ]; then
        echo "run.sh: $name: first error: ${kv[error]}" >&2
    fi
}

ping='<meridian-ping xmlns="urn:example:meridian-bench"/>'
run "session setup, password" setup -u bench -n "$SETUP_N" -c 1
run "session setup, ed25519 key" setup -u benchkey -i "$work/key" -n "$SETUP_N" -c 1
run "session setup, key, 4 threads" setup -u benchkey -i "$work/key" -n $((SETUP_N / 4)) -c 4
run "rpc round trip (base:1.1)" rpc -u benchkey -i "$work/key" -n "$RPC_N" -w 500 -c 1 -r "$ping"
run "rpc round trip (base:1.0)" rpc -u benchkey -i "$work/key" -n "$RPC_N" -w 500 -c 1 -v 1.0 -r "$ping"
run "rpc round trip, 4 sessions" rpc -u benchkey -i "$work/key" -n $((RPC_N / 4)) -w 500 -c 4 -r "$ping"
run "$HOLD_N sessions open at once" hold -u benchkey -i "$work/key" -c "$HOLD_N" -t 60

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=""

echo
echo "meridiand: $MERIDIAND (built $(date -u -r "$MERIDIAND" '+%Y-%m-%d %H:%M UTC')), repository HEAD $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), libssh $(pkg-config --modversion libssh), loopback, daemon log level $LOG_LEVEL"
echo "RPC = <meridian-ping/>, an unknown operation answered with rpc-error operation-not-supported."
echo "setup = TCP connect + SSH key exchange + auth + netconf subsystem + hello exchange (close-session not timed, but counted in setups/s)."
echo "The last row: all sessions open together, then one RPC each; its 'throughput' column is setup latency under that load, p50/p99/max are of the RPC."
echo
{
    echo "| benchmark | conns | ok | throughput | p50 | p99 | max |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${rows[@]}"
} | tee "$work/run.out"
echo
echo "meridiand exit code after SIGTERM: $code"
if [ "$code" -ne 0 ] || [ "$failures" -ne 0 ]; then
    echo "run.sh: $failures benchmark(s) failed; meridiand log tail:" >&2
    tail -n 40 "$work/meridiand.log" >&2
    exit 1
fi

echo
echo "Datastore operations (Benchmarks/datastore.sh; server CPU per measured operation from the threads' schedstat, netconf-bench -S):"
echo
MERIDIAND="$MERIDIAND" NETCONF_BENCH="$bench" bash "$here/datastore.sh" | tee "$work/datastore.out"

echo
echo "Notifications (Benchmarks/notifications.sh; subscribers are ssh -s netconf children read by one Python loop, on the same machine):"
echo
MERIDIAND="$MERIDIAND" NETCONF_BENCH="$bench" bash "$here/notifications.sh" | tee "$work/notifications.out"

echo
MERIDIAND="$MERIDIAND" bash "$here/ntp.sh" | tee "$work/ntp.out"

echo
echo "The peer: yuma123 netconfd behind a private OpenSSH sshd (Benchmarks/netconfd.sh):"
echo
if [ "$(id -u)" = 0 ]; then
    NETCONF_BENCH="$bench" bash "$here/netconfd.sh" | tee "$work/netconfd.out"
else
    echo "run.sh: skipping netconfd.sh: it needs root (it installs netconfd and runs it as its own unprivileged user)"
fi

echo
echo "Targets of issue #6, from the runs above (Benchmarks/summary.py; ratios are Meridian / peer, same run, same machine):"
echo
python3 "$here/summary.py" "$work/run.out" "$work/datastore.out" "$work/ntp.out" "$work/netconfd.out"
