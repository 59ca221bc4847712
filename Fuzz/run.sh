#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer executables of Fuzz/Package.swift, with AddressSanitizer
# (and its LeakSanitizer), and runs each fuzz target for FUZZ_SECONDS seconds (default 60;
# 0 only replays the committed corpus). Arguments name the targets (default: all four).
# Everything it writes is under .build-fuzz/: the build, corpus/<target>/ (inputs libFuzzer
# found interesting, on top of Fuzz/corpus/<target>/), findings/<target>/ (crashing, leaking
# or slow inputs) and logs/<target>.log. Exits 1 when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(framing rpc edit-config ntp)
build="$PWD/.build-fuzz"

# SwiftPM's `--sanitize fuzzer --sanitize address` reaches swiftc as two -sanitize= options, and
# swiftc keeps only the last one (the Swift code would get no coverage instrumentation). So the
# combined option goes through -Xswiftc, which comes after SwiftPM's own; `--sanitize fuzzer`
# stays so that SwiftPM leaves `main` to libFuzzer. lld, as for meridiand (gold warns about
# ASan's symbols). libFuzzer and the sanitizer runtimes ship with the Swift toolchain
# (usr/lib/clang/*/lib/linux).
flags=(-c release --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address -Xswiftc -use-ld=lld)
started=$(date +%s)
for target in "${targets[@]}"; do
    swift build --package-path Fuzz --scratch-path "$build" "${flags[@]}" --product "fuzz-$target" 2>&1 \
        | grep -v '^\[[0-9]*/[0-9]*\]' || true
    [ -x "$build/release/fuzz-$target" ] || { echo "fuzz: fuzz-$target did not build" >&2; exit 1; }
done
echo "fuzz: built ${targets[*]} in $(( $(date +%s) - started )) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}
failed=()
printf '%-12s %8s %12s %10s %8s %8s %8s  %s\n' target seconds runs exec/s cov ft corpus findings
for target in "${targets[@]}"; do
    work="$build/corpus/$target" findings="$build/findings/$target" log="$build/logs/$target.log"
    mkdir -p "$work" "$findings" "$(dirname "$log")"
    options=(-print_final_stats=1 -timeout=10 -artifact_prefix="$findings/" -dict="Fuzz/dict/$target.dict")
    if [ "$seconds" = 0 ]; then
        corpora=("Fuzz/corpus/$target") options+=(-runs=0)
    else
        corpora=("$work" "Fuzz/corpus/$target") options+=(-max_total_time="$seconds")
    fi
    began=$(date +%s)
    status=0
    "$build/release/fuzz-$target" "${options[@]}" "${corpora[@]}" >"$log" 2>&1 || status=$?
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    last=$(grep -E '(INITED|DONE|pulse|NEW|REDUCE) +cov:' "$log" | tail -1 || true)
    field() { sed -n "s/.* $1: \([^ ]*\).*/\1/p" <<<"$last"; }
    found=$(find "$findings" -type f -newermt "@$began" | wc -l)  # this run's; older ones stay for reference
    printf '%-12s %8s %12s %10s %8s %8s %8s  %s\n' "$target" "$(( $(date +%s) - began ))" "$(stat number_of_executed_units)" \
        "$(stat average_exec_per_sec)" "$(field cov)" "$(field ft)" "$(field corp | cut -d/ -f1)" "$found"
    if [ "$status" != 0 ] || [ "$found" != 0 ]; then
        failed+=("$target")
        grep -E 'ERROR|Fatal error|fuzz target|SUMMARY|Test unit written' "$log" | head -5 | sed 's/^/    /'
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: findings in ${failed[*]}: inputs in $build/findings/, logs in $build/logs/ (Fuzz/README.md: reproduce, fix, add to the corpus)" >&2
    exit 1
fi
